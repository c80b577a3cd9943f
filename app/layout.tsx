import type { Metadata, Viewport } from "next";
import "./globals.css";
import { SITE_NAME, TITLE_END } from "@/lib/site-title";

export const metadata: Metadata = {
  title: { default: SITE_NAME, template: `%s${TITLE_END}` },
  description: "A source-critique workbench: annotate claims as sourced, contested or opinion.",
};

// The on-screen keyboard resizes the page (Chrome on Android otherwise only shrinks the visual viewport,
// since Chrome 108): the reader's bottom sheet, its bar and the editor in it then sit above the keyboard
// instead of behind it, and the line being typed is kept in view above it (keep-focus-in-view.ts).
// Browsers that do not know the setting (Safari) ignore it.
export const viewport: Viewport = { width: "device-width", initialScale: 1, interactiveWidget: "resizes-content" };

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
