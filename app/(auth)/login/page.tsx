import { Fragment } from "react";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { isDemoMode, DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo";
import { safeNextPath } from "@/lib/http/safe-next";
import { LoginForm } from "@/components/auth/login-form";
import { hasNoAccounts } from "@/lib/users/service";

export const metadata = { title: "Sign in" };

const FIRST_ADMIN = ["npm run user:create --", "--email you@example.org", '--name "Your Name"', "--role admin"];

export default async function LoginPage({ searchParams }: Readonly<{ searchParams: Promise<{ next?: string | string[]; ended?: string | string[] }> }>) {
  const search = await searchParams;
  const target = safeNextPath(search.next);
  if (await getCurrentUser()) redirect(target);
  const demo = await isDemoMode();
  const firstRun = !demo && (await hasNoAccounts());
  return (
    <main className="login">
      <h1>Apparatus</h1>
      <p className="muted">A source-critique workbench. Sign in to read and annotate.</p>
      {search.ended === "1" && (
        <p className="login-notice" role="status">
          Your session has ended (signed out elsewhere, or expired). Sign in again to go back to the page; a draft annotation you were writing is
          kept in this browser.
        </p>
      )}
      {firstRun && (
        <section className="login-notice first-run" aria-labelledby="first-run-heading">
          <h2 id="first-run-heading">No accounts yet</h2>
          <p>
            This installation is new. Whoever runs its server creates the first admin there, then signs in here:{" "}
            {/* Lines break between the options, never inside one (a hyphen is a break opportunity). */}
            <code>
              {FIRST_ADMIN.map((part, i) => (
                <Fragment key={part}>
                  {i > 0 && " "}
                  <span className="nowrap">{part}</span>
                </Fragment>
              ))}
            </code>
          </p>
        </section>
      )}
      <LoginForm next={target} />
      <p className="muted small login-help">
        Forgot your password, or no account yet? There is no self-service here: an admin of this installation adds people and sets new
        passwords.
      </p>
      {demo && (
        <section className="demo-accounts" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo mode</h2>
          <p>This install runs in demo mode with sample accounts. The password of each is <code className="nowrap">{DEMO_PASSWORD}</code>.</p>
          <table>
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
              </tr>
            </thead>
            <tbody>
              {DEMO_ACCOUNTS.map((a) => (
                <tr key={a.email}>
                  <td>{a.email}</td>
                  <td>{a.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
