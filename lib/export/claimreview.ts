/**
 * Published fact-checks: every ruled annotation as a schema.org ClaimReview (JSON-LD), the markup
 * fact-checking desks put on their pages (https://schema.org/ClaimReview; Google's fact-check markup
 * guidelines, https://developers.google.com/search/docs/appearance/structured-data/factcheck).
 * The class-to-rating mapping and the choices below are documented in FORMAT.md.
 *
 * Pure: no database access. The export service feeds it the ruled annotations of a snapshot.
 */
import type { Classification } from "@/lib/annotations/types";
import { annotationPermalink } from "@/lib/annotations/links";
import { ChunkWriter } from "./chunks";
import { isAbsoluteUri, toUri } from "./formats";

/** The rating each class publishes as: `alternateName` is the verdict in words that readers see. */
export const CLAIMREVIEW_RATINGS: Record<Classification, { name: string; alternateName: string }> = {
  sourced: { name: "Sourced", alternateName: "Backed by a checkable source" },
  contested: { name: "Contested", alternateName: "Disputed or unsupported" },
  opinion: { name: "Opinion", alternateName: "Opinion, not a checkable fact" },
};

export interface ClaimReviewSource {
  annotation: { id: string; quote: string };
  ruling: { classification: Classification; rationaleText: string; createdAt: string; at: string };
  document: { id: string; title: string; author: string | null; publisher: string | null; publishedAt: string | null; sourceUrl: string | null };
}

export interface ClaimReviewContext {
  /** The app's public origin, for the permalinks. */
  baseUrl: string;
  /** The publishing organisation; its url defaults to baseUrl. */
  organization: { name: string; url: string | null };
}

type Json = { [key: string]: unknown };

const person = (name: string): Json => ({ "@type": "Person", name });
const organization = (name: string, url?: string | null): Json => ({ "@type": "Organization", name, ...(url ? { url } : {}) });
/** An http(s) URL as a valid URI, or nothing (a source URL is free text on documents added by hand). */
const webUrl = (url: string | null): string | undefined => {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  const uri = toUri(url);
  return isAbsoluteUri(uri) ? uri : undefined;
};

/** One ruled annotation as a ClaimReview, with its own @context so each can be embedded on its own. */
export function toClaimReview(source: ClaimReviewSource, ctx: ClaimReviewContext): Json {
  const { annotation, ruling, document: doc } = source;
  const rating = CLAIMREVIEW_RATINGS[ruling.classification];
  const sourceUrl = webUrl(doc.sourceUrl);
  const appearance: Json = {
    "@type": "CreativeWork",
    name: doc.title,
    ...(sourceUrl ? { url: sourceUrl } : {}),
    ...(doc.author ? { author: person(doc.author) } : {}),
    ...(doc.publisher ? { publisher: organization(doc.publisher) } : {}),
    ...(doc.publishedAt ? { datePublished: doc.publishedAt } : {}),
  };
  // Who made the claim: the document's author, else its publisher, when known.
  const claimant = doc.author ? person(doc.author) : doc.publisher ? organization(doc.publisher) : null;
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: annotationPermalink(ctx.baseUrl, doc.id, annotation.id),
    // The quote as selected may take in the line break or spaces around a passage; the claim is the words.
    claimReviewed: annotation.quote.trim(),
    itemReviewed: {
      "@type": "Claim",
      ...(claimant ? { author: claimant } : {}),
      ...(doc.publishedAt ? { datePublished: doc.publishedAt } : {}),
      appearance,
    },
    author: organization(ctx.organization.name, ctx.organization.url ?? ctx.baseUrl),
    datePublished: ruling.createdAt,
    ...(ruling.at !== ruling.createdAt ? { dateModified: ruling.at } : {}),
    reviewRating: { "@type": "Rating", name: rating.name, alternateName: rating.alternateName },
    ...(ruling.rationaleText.trim() ? { reviewBody: ruling.rationaleText } : {}),
  };
}

/** What Google's fact-check guidelines require of a ClaimReview, and what this export promises: problems, or []. */
export function claimReviewProblems(item: unknown): string[] {
  const problems: string[] = [];
  const o = (item ?? {}) as Json;
  const text = (v: unknown) => typeof v === "string" && v.trim().length > 0;
  const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
  if (o["@context"] !== "https://schema.org") problems.push('@context must be "https://schema.org"');
  if (o["@type"] !== "ClaimReview") problems.push('@type must be "ClaimReview"');
  // Required by Google: claimReviewed, reviewRating (a Rating with alternateName, or name), url.
  if (!text(o.claimReviewed)) problems.push("claimReviewed (required) is missing");
  if (!text(o.url) || !isAbsoluteUri(String(o.url))) problems.push("url (required) must be an absolute URL");
  const rating = obj(o.reviewRating);
  if (!rating || rating["@type"] !== "Rating") problems.push("reviewRating (required) must be a Rating");
  else if (!text(rating.alternateName)) problems.push("reviewRating.alternateName (required) is missing");
  // Recommended by Google, promised here: the organisation with name and url, the date, the Claim.
  const author = obj(o.author);
  if (!author || author["@type"] !== "Organization" || !text(author.name) || !text(author.url)) problems.push("author must be an Organization with name and url");
  if (!text(o.datePublished) || Number.isNaN(Date.parse(String(o.datePublished)))) problems.push("datePublished must be an ISO 8601 date");
  const claim = obj(o.itemReviewed);
  if (!claim || claim["@type"] !== "Claim") problems.push("itemReviewed must be a Claim");
  else {
    const appearance = obj(claim.appearance);
    if (!appearance || appearance["@type"] !== "CreativeWork" || !text(appearance.name)) problems.push("itemReviewed.appearance must be a CreativeWork with a name");
  }
  return problems;
}

/** A JSON array of ClaimReviews, in ~64 KB chunks. */
export async function* streamClaimReviews(items: AsyncIterable<Json> | Iterable<Json>): AsyncGenerator<string> {
  const out = new ChunkWriter();
  let first = true;
  let chunk = out.push("[");
  for await (const item of items) {
    chunk = out.push(`${first ? "" : ","}${JSON.stringify(item)}`);
    first = false;
    if (chunk !== null) yield chunk;
  }
  chunk = out.push("]");
  if (chunk !== null) yield chunk;
  const rest = out.end();
  if (rest !== null) yield rest;
}
