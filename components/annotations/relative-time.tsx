"use client";
import { useEffect, useState } from "react";

function relative(iso: string, now: number): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

// Server and first client render show the date; after mount, a relative time (so hydration matches).
export function RelativeTime({ iso }: Readonly<{ iso: string }>) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()}>
      {now === null ? iso.slice(0, 10) : relative(iso, now)}
    </time>
  );
}
