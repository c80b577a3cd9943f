// The page's early scripts (early-highlights.ts), with the request's CSP nonce (proxy.ts): one before the
// text starts the spans' request of a page that does not carry them whole, one after it draws the
// highlights as soon as the text is parsed instead of after hydration. Their data is numbers (the spans'
// in base 36), the highlights' names and the spans' address, as JSON with "<" escaped: nothing in it can
// end the script element.
import { headers } from "next/headers";
import { decodeSpans, type DocumentSpans, type PageSpans } from "@/lib/annotations/types";
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

/**
 * The spans as EarlyConfig.spans: per span, its start from the one before (in document order: a few
 * digits) and its length × 16 + its code, in base 36, comma-separated. A third of the bytes of plain
 * [start, end, code] numbers, and gzip (level 6: the pages') takes a sixth of the time over them.
 */
function earlyNumbers(page: DocumentSpans): string {
  let at = 0;
  return decodeSpans(page)
    .map(([, start, end, cls, , , , , flags, ruling]) => {
      const step = start - at;
      at = start;
      return `${step.toString(36)},${((end - start) * 16 + spanCode(cls, flags, ruling)).toString(36)}`;
    })
    .join(",");
}

/**
 * After the text: draws its highlights from `early` (the page's spans, carried whole or as numbers only),
 * else from the answer to that request.
 */
export function EarlyHighlights({ spans, early }: Readonly<{ spans: PageSpans; early: DocumentSpans | null }>) {
  const config: EarlyConfig = {
    spans: early ? earlyNumbers(early) : null,
    url: spans.inline ? null : spans.url,
    names: SPAN_KINDS.map(highlightName),
    priorities: SPAN_KINDS.map((kind) => KINDS.indexOf(kind)),
  };
  return <InlineScript run={drawEarly} data={config} />;
}
