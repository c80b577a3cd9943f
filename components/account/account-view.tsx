import { ROLE_DESCRIPTIONS, roleWithArticle, type Role } from "@/lib/auth/roles";
import type { TokenDTO } from "@/lib/tokens/types";
import { TokensPanel } from "./tokens-panel";
import { PasswordForm } from "./password-form";
import { SessionsPanel } from "./sessions-panel";
import { EmailAddress } from "@/components/layout/email-address";
import "./account.css";

interface Props {
  user: { name: string; email: string; role: Role };
  tokens: TokenDTO[];
  apiUrl: string;
  sessions: { others: number; maxAgeHours: number };
}

export function AccountView({ user, tokens, apiUrl, sessions }: Readonly<Props>) {
  return (
    <>
      <h1>Account</h1>
      <section className="panel account-profile" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <dl>
          <div>
            <dt>Name</dt>
            <dd>{user.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>
              <EmailAddress email={user.email} />
            </dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>
              {user.role} <span className="muted small">— {roleWithArticle(user.role)} {ROLE_DESCRIPTIONS[user.role]}.</span>
            </dd>
          </div>
        </dl>
        <p className="muted small">An admin changes names, sign-in addresses and roles.</p>
      </section>
      <PasswordForm />
      <SessionsPanel initialOthers={sessions.others} maxAgeHours={sessions.maxAgeHours} />
      <TokensPanel initialTokens={tokens} apiUrl={apiUrl} />
    </>
  );
}
