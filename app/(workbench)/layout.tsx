import { requirePageUser } from "@/lib/auth/session";
import { isDemoMode } from "@/lib/demo";
import { AppHeader } from "@/components/layout/app-header";

// Every workbench page needs a session, checked here on the server (and again by each page's data access).
export default async function WorkbenchLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const user = await requirePageUser();
  const demo = await isDemoMode();
  return (
    <>
      <AppHeader user={{ name: user.name, role: user.role }} />
      {demo && (
        <aside className="demo-banner" aria-label="Demo mode">
          Demo mode: sample corpus and demo accounts. Do not store real work here.
        </aside>
      )}
      <div id="content" tabIndex={-1}>
        {children}
      </div>
    </>
  );
}
