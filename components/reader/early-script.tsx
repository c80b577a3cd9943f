// The page's early scripts (early-highlights.ts), with the request's CSP nonce (proxy.ts): one before the
// text starts the spans' request of a page that carries none, one after it draws the highlights as soon as
// the text is parsed instead of after hydration. Their data is numbers and the spans' address, as JSON with
// "<" escaped: nothing in it can end the script element.
import { headers } from "next/headers";
import { decodeSpans, type PageSpans } from "@/lib/annotations/types";
import { drawEarly, requestEarly, spanCode, type EarlyConfig } from "./early-highlights";
import { highlightName, KINDS, SPAN_KINDS } from "./highlights";

async function InlineScript({ run, data }: Readonly<{ run: (config: never) => void; data: unknown }>) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return <script nonce={nonce}>{`(${run.toString()})(${json});`}</script>;
}

/** Before the text: the spans' request, when the page carries no spans. */
export function EarlySpansRequest({ spans }: Readonly<{ spans: PageSpans }>) {
  return spans.inline ? null : <InlineScript run={requestEarly} data={spans.url} />;
}

/** After the text: draws its highlights, from the page's spans or the answer to that request. */
export function EarlyHighlights({ spans }: Readonly<{ spans: PageSpans }>) {
  const config: EarlyConfig = {
    spans: spans.inline ? decodeSpans(spans.inline).flatMap(([, start, end, cls, , , , , flags, ruling]) => [start, end, spanCode(cls, flags, ruling)]) : null,
    url: spans.inline ? null : spans.url,
    names: SPAN_KINDS.map(highlightName),
    priorities: SPAN_KINDS.map((kind) => KINDS.indexOf(kind)),
  };
  return <InlineScript run={drawEarly} data={config} />;
}
