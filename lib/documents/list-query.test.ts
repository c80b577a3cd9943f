import { describe, expect, it } from "vitest";
import { documentListQuerySchema, libraryHref, listQueryToSearch, normaliseListQuery, parseListQueryLeniently } from "./list-query";

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
    expect(parseListQueryLeniently({ q: "y".repeat(600) }).q).toHaveLength(500);
    expect(parseListQueryLeniently({ kind: ["blog", "book"] }).kind).toBe("blog");
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
