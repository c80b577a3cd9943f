import { describe, expect, it } from "vitest";
import * as T from "./tracked";
import { rng } from "@/lib/testing/rng";

const PIECES = ["a", "bc", " ", "  ", "\t", "\n", "\n\n\n", "\r\n", "\u00a0", "\u3000", "😀", " \n \n", "x y"];

describe("tracked strings compute exactly what the string methods compute", () => {
  it("on 2,000 random strings: replace (global and not), trim (all sides), per-line trim, join", () => {
    const r = rng(7);
    for (let n = 0; n < 2000; n++) {
      let s = "";
      const len = Math.floor(r() * 12);
      for (let i = 0; i < len; i++) s += PIECES[Math.floor(r() * PIECES.length)];
      const t = T.tracked(s);
      expect(T.replace(t, /[ \t\n\f\r]+/g, " ").s).toBe(s.replace(/[ \t\n\f\r]+/g, " "));
      expect(T.replace(t, /^(?:[ \t]*\n)+/, "").s).toBe(s.replace(/^(?:[ \t]*\n)+/, ""));
      expect(T.replace(t, /\n(?:[ \t]*\n){2,}/g, "\n\n").s).toBe(s.replace(/\n(?:[ \t]*\n){2,}/g, "\n\n"));
      expect(T.replace(t, /\s*\n\s*/g, " ").s).toBe(s.replace(/\s*\n\s*/g, " "));
      expect(T.trim(t).s).toBe(s.trim());
      expect(T.trim(t, "start").s).toBe(s.trimStart());
      expect(T.trim(t, "end").s).toBe(s.trimEnd());
      expect(T.trimLines(t).s).toBe(s.split("\n").map((l) => l.trim()).join("\n"));
      expect(T.join([t, T.tracked("z")], "\n\n").s).toBe(`${s}\n\nz`);
    }
  });
});

describe("marks move with the edits", () => {
  it("an opening mark in collapsed whitespace moves after it, a closing mark before it", () => {
    // "a   b": a range over "   b" and one over "a   " shrink to "b" and "a"
    const t = T.tracked("a   b", [
      { id: 1, open: true, pos: 1 },
      { id: 1, open: false, pos: 5 },
      { id: 2, open: true, pos: 0 },
      { id: 2, open: false, pos: 4 },
    ]);
    const out = T.replace(t, /[ \t\n\f\r]+/g, " ");
    expect(out.s).toBe("a b");
    expect(out.marks).toEqual([
      { id: 1, open: true, pos: 2 },
      { id: 1, open: false, pos: 3 },
      { id: 2, open: true, pos: 0 },
      { id: 2, open: false, pos: 1 },
    ]);
  });

  it("a range made only of removed whitespace becomes empty", () => {
    const out = T.trim(T.tracked("  x  ", [{ id: 1, open: true, pos: 3 }, { id: 1, open: false, pos: 5 }]));
    expect(out.s).toBe("x");
    expect(out.marks[0].pos).toBeGreaterThanOrEqual(out.marks[1].pos);
  });

  it("concatenation and joining shift the marks of later parts", () => {
    const out = T.join([T.tracked("ab", [{ id: 1, open: true, pos: 1 }]), T.tracked("cd", [{ id: 2, open: false, pos: 2 }])], "\n\n");
    expect(out.s).toBe("ab\n\ncd");
    expect(out.marks).toEqual([
      { id: 1, open: true, pos: 1 },
      { id: 2, open: false, pos: 6 },
    ]);
    expect(T.concat("• ", T.tracked("x", [{ id: 3, open: true, pos: 0 }])).marks[0].pos).toBe(2);
  });
});
