import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { isDemoMode, DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo";
import { safeNextPath } from "@/lib/http/safe-next";
import { LoginForm } from "@/components/auth/login-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: Readonly<{ searchParams: Promise<{ next?: string | string[]; ended?: string | string[] }> }>) {
  const search = await searchParams;
  const target = safeNextPath(search.next);
  if (await getCurrentUser()) redirect(target);
  const demo = await isDemoMode();
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
