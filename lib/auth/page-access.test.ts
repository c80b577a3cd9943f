import { describe, expect, it } from "vitest";
import { deniedHref, deniedNotice, mayOpen } from "./page-access";

describe("guarded pages", () => {
  it("let in exactly the roles each page allowed before", () => {
    expect(["admin", "editor", "reviewer", "viewer"].filter((r) => mayOpen("users", r as never))).toEqual(["admin"]);
    expect(["admin", "editor", "reviewer", "viewer"].filter((r) => mayOpen("disputes", r as never))).toEqual(["admin", "editor"]);
    expect(["admin", "editor", "reviewer", "viewer"].filter((r) => mayOpen("add-document", r as never))).toEqual(["admin", "editor", "reviewer"]);
    expect(["admin", "editor", "reviewer", "viewer"].filter((r) => mayOpen("edit-document", r as never))).toEqual(["admin"]);
  });

  it("explain a refusal for a known page only", () => {
    expect(deniedHref("users")).toBe("/?denied=users");
    expect(deniedNotice("users", "reviewer")).toBe("Only admins can open Users; you are signed in as a reviewer, so you were brought to the Library.");
    expect(deniedNotice(["add-document"], "viewer")).toMatch(/^Only admins, editors and reviewers can add documents; you are signed in as a viewer/);
    expect(deniedNotice("<script>", "viewer")).toBeNull();
    expect(deniedNotice(undefined, "viewer")).toBeNull();
  });
});
