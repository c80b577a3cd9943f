import type { Metadata } from "next";
import "./globals.css";
import { SITE_NAME, TITLE_END } from "@/lib/site-title";

export const metadata: Metadata = {
  title: { default: SITE_NAME, template: `%s${TITLE_END}` },
  description: "A source-critique workbench: annotate claims as sourced, contested or opinion.",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
