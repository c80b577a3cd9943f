import { describe, expect, it } from "vitest";
import { documentListQuerySchema, libraryHref, listQueryToSearch, MAX_QUERY_CHARS, normaliseListQuery, parseListQueryLeniently, tooLongSearch } from "./list-query";

describe("library query", () => {
  it("defaults to titles A–Z without a search and to best match with one", () => {
    expect(parseListQueryLeniently({})).toMatchObject({ q: "", sort: "title", dir: "asc", page: 1, pageSize: 25, mine: false, deleted: false });
    expect(parseListQueryLeniently({ q: "spark" })).toMatchObject({ sort: "relevance" });
    expect(parseListQueryLeniently({ sort: "relevance" })).toMatchObject({ sort: "title" });
    expect(parseListQueryLeniently({ sort: "added" })).toMatchObject({ dir: "desc" });
  });

  it("drops invalid parameters of a typed or shared URL instead of failing", () => {
    expect(parseListQueryLeniently({ q: "x", sort: "bogus", page: "-3", kind: "poem", pageSize: "9999", mine: "1" })).toMatchObject({
      q: "x",
      sort: "relevance",
      page: 1,
      kind: undefined,
      pageSize: 25,
      mine: true,
    });
    expect(parseListQueryLeniently({ kind: ["blog", "book"] }).kind).toBe("blog");
  });

  it("does not run a search from a URL that is longer than the API takes, and says why", () => {
    // Cutting it would search for something nobody typed (and, every word having to occur, find nothing).
    expect(parseListQueryLeniently({ q: "y ".repeat(1500), kind: "blog" })).toMatchObject({ q: "", sort: "title", kind: "blog" });
    expect(tooLongSearch({ q: "y ".repeat(1500) })).toEqual({
      message: "The search can have at most 500 characters. This one has 2,999, so it was not run: the search box holds its first 500 to shorten.",
      draft: "y ".repeat(250),
    });
    // the same limit as the API's, counted the same way (trimmed, UTF-16 units as the input's maxlength)
    const fits = `  ${"z".repeat(MAX_QUERY_CHARS)}  `;
    expect(tooLongSearch({ q: fits })).toBeNull();
    expect(documentListQuerySchema.safeParse({ q: fits }).success).toBe(true);
    expect(parseListQueryLeniently({ q: fits }).q).toBe("z".repeat(MAX_QUERY_CHARS));
    expect(documentListQuerySchema.safeParse({ q: `${fits}z` }).success).toBe(false);
    expect(tooLongSearch({ q: `${fits}z` })?.draft).toBe("z".repeat(MAX_QUERY_CHARS));
    expect(tooLongSearch({})).toBeNull();
    expect(tooLongSearch({ q: ["short", "x".repeat(600)] })).toBeNull();
    // never half of a surrogate pair in the box
    expect(tooLongSearch({ q: `${"a".repeat(MAX_QUERY_CHARS - 1)}📜📜` })?.draft).toBe("a".repeat(MAX_QUERY_CHARS - 1));
  });

  it("understands the sort menu of the search form without JavaScript", () => {
    expect(parseListQueryLeniently({ sortdir: "published:asc" })).toMatchObject({ sort: "published", dir: "asc" });
  });

  it("refuses invalid parameters in the API schema", () => {
    for (const bad of [{ sort: "bogus" }, { dir: "up" }, { pageSize: "101" }, { page: "0" }, { mine: "yes" }, { q: "x".repeat(501) }]) {
      expect(documentListQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("writes short URLs that read back to the same query", () => {
    const query = parseListQueryLeniently({ q: '"Kronstadt rebellion"', kind: "encyclopedia", mine: "1", page: "2", sort: "title", dir: "desc" });
    const search = listQueryToSearch(query);
    expect(search).toBe("?q=%22Kronstadt+rebellion%22&kind=encyclopedia&mine=1&sort=title&dir=desc&page=2");
    expect(parseListQueryLeniently(Object.fromEntries(new URLSearchParams(search)))).toEqual(query);
    expect(listQueryToSearch(normaliseListQuery(documentListQuerySchema.parse({})))).toBe("");
  });

  it("goes back to page 1 when anything but the page changes", () => {
    const query = parseListQueryLeniently({ page: "3" });
    expect(libraryHref(query, { kind: "blog" })).toBe("/?kind=blog");
    expect(libraryHref(query, { page: 4 })).toBe("/?page=4");
  });
});
