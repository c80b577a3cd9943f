import { requirePageUser } from "@/lib/auth/session";
import { listTokens } from "@/lib/tokens/service";
import { env } from "@/lib/env";
import { AccountView } from "@/components/account/account-view";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  const tokens = await listTokens({ user });
  return (
    <main className="page account-page">
      <AccountView user={{ name: user.name, email: user.email, role: user.role }} tokens={tokens} apiUrl={env.appUrl.replace(/\/$/, "")} />
    </main>
  );
}
