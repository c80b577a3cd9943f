// The page's early script (early-highlights.ts): written right after the text, with the request's CSP
// nonce (proxy.ts), so the highlights are drawn as soon as the text is parsed instead of after hydration.
// Its data is numbers and the spans' address, as JSON with "<" escaped: nothing in it can end the script.
import { headers } from "next/headers";
import { decodeSpans, type PageSpans } from "@/lib/annotations/types";
import { drawEarly, spanCode, type EarlyConfig } from "./early-highlights";
import { highlightName, KINDS } from "./highlights";

const DRAWN = ["sourced", "contested", "opinion", "fuzzy"] as const;

export async function EarlyHighlights({ spans }: Readonly<{ spans: PageSpans }>) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const config: EarlyConfig = {
    spans: spans.inline ? decodeSpans(spans.inline).flatMap(([, start, end, cls, , , , , flags, ruling]) => [start, end, spanCode(cls, flags, ruling)]) : null,
    url: spans.inline ? null : spans.url,
    names: DRAWN.map(highlightName),
    priorities: DRAWN.map((kind) => KINDS.indexOf(kind)),
  };
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return <script nonce={nonce}>{`(${drawEarly.toString()})(${json});`}</script>;
}
