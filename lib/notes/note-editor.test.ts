// @vitest-environment jsdom
import { act, createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NoteEditor } from "@/components/notes/note-editor";
import { NOTE_MAX_CHARS, type NoteDoc } from "./schema";
import { plainTextToNote } from "./text";

// React only enables act() warnings-free updates when told it runs in a test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// jsdom has no layout; ProseMirror measures ranges when it scrolls the selection into view.
const emptyRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getClientRects ??= emptyRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

async function mount(props: { value: NoteDoc | null; onChange?: (doc: NoteDoc) => void; disabled?: boolean }) {
  await act(async () => {
    root.render(createElement(NoteEditor, { onChange: () => {}, ...props }));
  });
  // immediatelyRender: false creates the editor in an effect, after the first render.
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
  const editable = container.querySelector<HTMLElement>("[contenteditable]");
  if (!editable) throw new Error("editor did not mount");
  return editable;
}

/** The Link button's dialog: type an address and apply it. */
async function addLink(url: string) {
  await act(async () => button("Link").click());
  const input = container.querySelector<HTMLInputElement>(".note-link-dialog input");
  if (!input) throw new Error("no link dialog");
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, url);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await act(async () => button("Apply link").click());
}

const button = (name: string) => {
  const found = [...container.querySelectorAll("button")].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};

function accessibleName(el: HTMLElement): string {
  const ids = el.getAttribute("aria-labelledby");
  return ids ? ids.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" ") : (el.getAttribute("aria-label") ?? "");
}

describe("NoteEditor", () => {
  it("exposes a multi-line textbox named by its visible label", async () => {
    const editable = await mount({ value: plainTextToNote("hello") });
    expect(editable.getAttribute("role")).toBe("textbox");
    expect(editable.getAttribute("aria-multiline")).toBe("true");
    expect(accessibleName(editable)).toBe("Note");
    expect(container.querySelector("label")?.textContent).toBe("Note");
    expect(editable.textContent).toBe("hello");
  });

  it("has a toolbar of real buttons with the expected names and pressed state", async () => {
    await mount({ value: null });
    const names = [...container.querySelectorAll("[role=toolbar] button")].map((b) => [b.textContent, b.getAttribute("type"), b.getAttribute("aria-pressed")]);
    expect(names).toEqual([
      ["Bold", "button", "false"],
      ["Italic", "button", "false"],
      ["Link", "button", "false"],
      ["Bullet list", "button", "false"],
      ["Numbered list", "button", "false"],
      ["Quote", "button", "false"],
    ]);
  });

  it("emits validated notes from toolbar actions", async () => {
    const onChange = vi.fn();
    await mount({ value: plainTextToNote("item"), onChange });
    await act(async () => button("Bullet list").click());
    expect(onChange).toHaveBeenLastCalledWith({
      type: "doc",
      content: [{ type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "item" }] }] }] }],
    });
    expect(button("Bullet list").getAttribute("aria-pressed")).toBe("true");
  });

  it("refuses javascript: links from the Link button and says why", async () => {
    const onChange = vi.fn();
    await mount({ value: plainTextToNote("text"), onChange });
    await addLink("javascript:alert(1)");
    expect(onChange).not.toHaveBeenCalled();
    expect(container.querySelector(".note-message")?.textContent).toMatch(/Only http, https and mailto/);
  });

  it("inserts an allowed link with the normalised URL", async () => {
    const onChange = vi.fn();
    await mount({ value: null, onChange });
    await addLink("  https://example.org  ");
    expect(onChange).toHaveBeenLastCalledWith({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "https://example.org/", marks: [{ type: "link", attrs: { href: "https://example.org/" } }] }] }],
    });
  });

  it("keeps Tiptap's keyboard shortcuts (Ctrl+A, Ctrl+B)", async () => {
    const onChange = vi.fn();
    const editable = await mount({ value: plainTextToNote("bold me"), onChange });
    const press = (key: string) => editable.dispatchEvent(new KeyboardEvent("keydown", { key, ctrlKey: true, bubbles: true, cancelable: true }));
    await act(async () => {
      press("a");
      press("b");
    });
    expect(onChange).toHaveBeenLastCalledWith({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "bold me", marks: [{ type: "bold" }] }] }],
    });
    expect(button("Bold").getAttribute("aria-pressed")).toBe("true");
  });

  it("does not emit a note over the size limit and marks the editor invalid", async () => {
    const onChange = vi.fn();
    const editable = await mount({ value: plainTextToNote("a".repeat(NOTE_MAX_CHARS)), onChange });
    await addLink("https://example.org");
    expect(onChange).not.toHaveBeenCalled();
    expect(container.querySelector(".note-message")?.textContent).toMatch(/cannot be saved: .*longer than 20000 characters/);
    expect(editable.getAttribute("aria-invalid")).toBe("true");
  });

  it("lets Escape bubble out of the editor to the surrounding panel", async () => {
    const editable = await mount({ value: plainTextToNote("x") });
    const onKeyDown = vi.fn((event: KeyboardEvent) => event.defaultPrevented);
    container.addEventListener("keydown", onKeyDown);
    editable.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    expect(onKeyDown).toHaveBeenCalledTimes(1);
    expect(onKeyDown.mock.results[0].value).toBe(false);
  });

  it("replaces its content when the value changes from outside", async () => {
    const editable = await mount({ value: plainTextToNote("draft") });
    await act(async () => root.render(createElement(NoteEditor, { value: null, onChange: () => {} })));
    expect(editable.textContent).toBe("");
  });

  it("is read-only and its buttons disabled when disabled", async () => {
    const editable = await mount({ value: plainTextToNote("x"), disabled: true });
    expect(editable.getAttribute("contenteditable")).toBe("false");
    expect(editable.getAttribute("aria-disabled")).toBe("true");
    expect(button("Bold").disabled).toBe(true);
  });
});
