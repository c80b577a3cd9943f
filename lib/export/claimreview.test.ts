import { describe, expect, it } from "vitest";
import { CLAIMREVIEW_RATINGS, claimReviewProblems, streamClaimReviews, toClaimReview, type ClaimReviewSource } from "./claimreview";
import { collect } from "./__fixtures__/corpus";

const CTX = { baseUrl: "https://apparatus.example.org/", organization: { name: "The Checking Desk", url: "https://desk.example.org" } };
const SOURCE: ClaimReviewSource = {
  annotation: { id: "a 1", quote: "the harvest doubled” [8] 📜" },
  ruling: { classification: "contested", rationaleText: "No yearbook shows it.", createdAt: "2024-05-06T09:00:00.000Z", at: "2024-05-07T10:00:00.000Z" },
  document: { id: "doc-1", title: "Harvest editorial", author: "A. Writer", publisher: "The Daily 𝔗ribune", publishedAt: "1952-03", sourceUrl: "https://example.org/tribune/1952" },
};

describe("ClaimReview", () => {
  it("maps a ruled annotation to a ClaimReview with every property Google requires and the recommended ones we know", () => {
    const review = toClaimReview(SOURCE, CTX);
    expect(review).toEqual({
      "@context": "https://schema.org",
      "@type": "ClaimReview",
      url: "https://apparatus.example.org/documents/doc-1?a=a%201",
      claimReviewed: "the harvest doubled” [8] 📜",
      itemReviewed: {
        "@type": "Claim",
        author: { "@type": "Person", name: "A. Writer" },
        datePublished: "1952-03",
        appearance: {
          "@type": "CreativeWork",
          name: "Harvest editorial",
          url: "https://example.org/tribune/1952",
          author: { "@type": "Person", name: "A. Writer" },
          publisher: { "@type": "Organization", name: "The Daily 𝔗ribune" },
          datePublished: "1952-03",
        },
      },
      author: { "@type": "Organization", name: "The Checking Desk", url: "https://desk.example.org" },
      datePublished: "2024-05-06T09:00:00.000Z",
      dateModified: "2024-05-07T10:00:00.000Z",
      reviewRating: { "@type": "Rating", name: "Contested", alternateName: "Disputed or unsupported" },
      reviewBody: "No yearbook shows it.",
    });
    expect(claimReviewProblems(review)).toEqual([]);
  });

  it("gives every class a rating in words, leaves out what is not known, and names the app when no organisation URL is set", () => {
    for (const classification of ["sourced", "contested", "opinion"] as const) {
      const review = toClaimReview({ ...SOURCE, ruling: { ...SOURCE.ruling, classification } }, CTX) as { reviewRating: { alternateName: string; name: string } };
      expect(review.reviewRating).toEqual({ "@type": "Rating", ...CLAIMREVIEW_RATINGS[classification] });
      expect(claimReviewProblems(review)).toEqual([]);
    }
    expect(new Set(Object.values(CLAIMREVIEW_RATINGS).map((r) => r.alternateName)).size).toBe(3);
    const bare = toClaimReview(
      {
        ...SOURCE,
        ruling: { ...SOURCE.ruling, at: SOURCE.ruling.createdAt },
        document: { id: "doc-2", title: "Reposted chat", author: null, publisher: "A forum", publishedAt: null, sourceUrl: "not a url" },
      },
      { baseUrl: "https://apparatus.example.org", organization: { name: "Apparatus", url: null } },
    );
    expect(bare).not.toHaveProperty("dateModified");
    expect(bare.author).toEqual({ "@type": "Organization", name: "Apparatus", url: "https://apparatus.example.org" });
    expect(bare.itemReviewed).toEqual({
      "@type": "Claim",
      author: { "@type": "Organization", name: "A forum" }, // the publisher when the author is unknown
      appearance: { "@type": "CreativeWork", name: "Reposted chat", publisher: { "@type": "Organization", name: "A forum" } },
    });
    expect(claimReviewProblems(bare)).toEqual([]);
  });

  it("gives the claim without the whitespace and line breaks a selection took in at its ends", () => {
    const review = toClaimReview({ ...SOURCE, annotation: { id: "a-3", quote: "\n  the harvest doubled\u00a0\n\tin 1951. \r\n" } }, CTX);
    expect(review.claimReviewed).toBe("the harvest doubled\u00a0\n\tin 1951.");
    expect(claimReviewProblems(review)).toEqual([]);
  });

  it("names what is missing", () => {
    const review = toClaimReview(SOURCE, CTX);
    const without = (key: string) => Object.fromEntries(Object.entries(review).filter(([k]) => k !== key));
    expect(claimReviewProblems(without("claimReviewed"))).toEqual(["claimReviewed (required) is missing"]);
    expect(claimReviewProblems(without("url"))).toEqual(["url (required) must be an absolute URL"]);
    expect(claimReviewProblems({ ...review, reviewRating: { "@type": "Rating", name: "Contested" } })).toEqual(["reviewRating.alternateName (required) is missing"]);
    expect(claimReviewProblems(without("author"))).toEqual(["author must be an Organization with name and url"]);
    expect(claimReviewProblems(null).length).toBeGreaterThan(5);
  });

  it("streams a JSON array, empty or not", async () => {
    expect((await collect(streamClaimReviews([]))).join("")).toBe("[]");
    const items = [toClaimReview(SOURCE, CTX), toClaimReview({ ...SOURCE, annotation: { id: "a-2", quote: "x" } }, CTX)];
    expect(JSON.parse((await collect(streamClaimReviews(items))).join(""))).toEqual(items);
  });
});
