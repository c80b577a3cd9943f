import { requirePageUser } from "@/lib/auth/session";
import { listTokens } from "@/lib/tokens/service";
import { countOtherSessions } from "@/lib/users/service";
import { env } from "@/lib/env";
import { AccountView } from "@/components/account/account-view";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  const [tokens, { others }] = await Promise.all([listTokens({ user }), countOtherSessions({ user })]);
  return (
    <main className="page account-page">
      <AccountView
        user={{ name: user.name, email: user.email, role: user.role }}
        tokens={tokens}
        apiUrl={env.appUrl.replace(/\/$/, "")}
        sessions={{ others, maxAgeHours: env.sessionMaxAgeSeconds / 3600 }}
      />
    </main>
  );
}
