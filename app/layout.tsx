import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Apparatus", template: "%s · Apparatus" },
  description: "A source-critique workbench: annotate claims as sourced, contested or opinion.",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
