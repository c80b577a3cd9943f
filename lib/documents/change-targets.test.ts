import { describe, expect, it } from "vitest";
import { changeTargets, type ChangeBox } from "./change-targets";

// A header 56 px high, the bar under it 48 px high.
const view = { barTop: 56, barBottom: 104 };
/** Changes 20 px high, their tops at these positions. */
const at = (...tops: number[]): ChangeBox[] => tops.map((top) => ({ top, bottom: top + 20 }));

describe("changeTargets", () => {
  it("before any change was gone to, with the diff below: Next goes to the first, Previous nowhere", () => {
    expect(changeTargets(at(300, 1200, 2400), view)).toEqual({ previous: null, next: 1 });
  });

  it("after the page was scrolled by hand past changes 1 to 4, Next goes to the first change below, not to change 2", () => {
    // change 1 was gone to, then the page scrolled: 1-4 are above the screen, 5 is on it
    const boxes = at(-3000, -2200, -1400, -600, 400, 1300);
    expect(changeTargets(boxes, view)).toEqual({ previous: 4, next: 5 });
    // had the page not been scrolled by hand since change 1 was gone to, it would be the one after change 1
    expect(changeTargets(boxes, view, 1)).toEqual({ previous: null, next: 2 });
  });

  it("the change under the bar is the current one: Previous and Next go to the ones either side of it", () => {
    // change 3 behind the bar
    expect(changeTargets(at(-900, -100, 70, 700), view)).toEqual({ previous: 2, next: 4 });
    // change 3 crossing its lower edge
    expect(changeTargets(at(-900, -100, 95, 700), view)).toEqual({ previous: 2, next: 4 });
    // change 3 just under it (a scroll a pixel short of it) counts too
    expect(changeTargets(at(-900, -100, 105, 700), view)).toEqual({ previous: 2, next: 4 });
    // well below it, change 3 is the next one
    expect(changeTargets(at(-900, -100, 300, 700), view)).toEqual({ previous: 2, next: 3 });
  });

  it("the change gone to is where the reader is while the page is not scrolled by hand, whatever else is on screen", () => {
    // 2 and 3 on screen, 3 gone to (in the middle of the screen): the ones either side of it
    const boxes = at(-400, 200, 450, 1500);
    expect(changeTargets(boxes, view, 3)).toEqual({ previous: 2, next: 4 });
    // the page then scrolled by hand: the position counts, the changes on screen are below the bar
    expect(changeTargets(boxes, view)).toEqual({ previous: 1, next: 2 });
  });

  it("says when there is nothing further either way", () => {
    // past the whole diff: every change above the bar
    expect(changeTargets(at(-3000, -2000, -1000), view)).toEqual({ previous: 3, next: null });
    // the last change gone to
    expect(changeTargets(at(-3000, -2000, 500), view, 3)).toEqual({ previous: 2, next: null });
    // the first
    expect(changeTargets(at(500, 2000), view, 1)).toEqual({ previous: null, next: 2 });
    expect(changeTargets([], view)).toEqual({ previous: null, next: null });
  });

  it("changes on one line: all under the bar are current, Next skips them", () => {
    expect(changeTargets(at(-500, 80, 80, 80, 600), view)).toEqual({ previous: 1, next: 5 });
  });
});
