// A W3C file read an item at a time, so that an import holds one item, not the file, whatever its size.
// A first pass outlines the file: its structure (collections, pages, their links, ids and types, the
// top-level nodes) with each page's items left in the file as their byte ranges. collectW3cItems reads
// the outline as it reads a whole file, so the items come in the same order (pages linked by IRI,
// sorted by startIndex, a @graph…); each later pass reads them at their ranges, in that order.
// Nothing here touches the database.
import { collectW3cItems } from "@/lib/export/w3c";
import { AppError } from "@/lib/errors";
import { MAX_IMPORT_DEPTH, storageProblem } from "./annotation-bytes";
import { notJson, type ImportInput } from "./input";
import { JsonScanner, JsonSyntaxError, parseJson } from "./json-scan";

/** An item's bytes in the file, and its depth there (the file itself is 1), for storageProblem. */
class Span {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly depth: number,
  ) {}
}

/** A W3C file's items, in the order they are read. */
export interface W3cSource {
  /** How many items the file holds. */
  total: number;
  /** Problems of its structure (a page not in the file, a wrong total), said before the items'. */
  structure: string[];
  /** Something outside the items that cannot be stored (found while outlining); the items' are reported to `values`. */
  unstorable: AppError | null;
  /** Each item's JSON value, in order, read again on each call; `onUnstorable` hears of any that cannot be stored. */
  values(onUnstorable: (problem: AppError) => void): AsyncIterable<unknown>;
}

/** A file held whole (already checked for what cannot be stored). */
export function wholeW3c(json: unknown): W3cSource {
  const structure: string[] = [];
  const items = collectW3cItems(json, structure);
  return {
    total: items.length,
    structure,
    unstorable: null,
    values: async function* () {
      yield* items;
    },
  };
}

const tooDeep = () => new AppError("INVALID_INPUT", "The file's JSON is nested too deeply.");

/** JSON.parse of a value's bytes, its errors those of the file read whole. */
function parseValue(bytes: Uint8Array): unknown {
  try {
    return parseJson(bytes);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    if (error instanceof JsonSyntaxError) throw notJson(error.message);
    throw error;
  }
}

// What collectW3cItems reads of a node: the keys that link pages and nodes (read into the outline) and
// the small values that name them (read whole). Every other value is checked, as the whole file is, and
// dropped; a page's items are left in the file.
const LINKS = new Set(["first", "next", "@included", "@graph"]);
const NAMES = new Set(["type", "id", "startIndex", "total", "@type", "@context", "format"]);
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;

class Outliner {
  unstorable: AppError | null = null;
  /** Each object of the outline's bytes, for a top-level node that is an item (an annotation in an array). */
  readonly spans = new WeakMap<object, Span>();

  constructor(private readonly s: JsonScanner) {}

  /** A value read whole and checked, kept or (`keep` false) dropped. */
  private async value(depth: number, keep: boolean): Promise<unknown> {
    const value = parseValue((await this.s.value())!);
    this.unstorable ??= storageProblem(value, depth);
    return keep ? value : undefined;
  }

  async node(depth: number): Promise<unknown> {
    const s = this.s;
    const first = await s.peek();
    // Deeper than a file may be: refused (unstorable) once outlined; not kept, so nothing walks it.
    if (depth > MAX_IMPORT_DEPTH) return this.value(depth, false);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return this.value(depth, true);
    const start = s.position;
    if (first === OPEN_ARRAY) {
      const list: unknown[] = [];
      await s.array(async () => void list.push(await this.node(depth + 1)));
      return list;
    }
    const node: Record<string, unknown> = {};
    await s.object(async (key) => {
      this.unstorable ??= storageProblem(key, depth + 1);
      if (LINKS.has(key)) node[key] = await this.node(depth + 1);
      else if (key === "items") node[key] = await this.items(depth + 1);
      else if (NAMES.has(key)) node[key] = await this.value(depth + 1, true);
      else await this.value(depth + 1, false);
    });
    this.spans.set(node, new Span(start, s.position, depth));
    return node;
  }

  /** A page's items (or one item): each object or array left in the file. */
  private async items(depth: number): Promise<unknown> {
    const s = this.s;
    const item = async (depth: number) => {
      const first = await s.peek();
      if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return this.value(depth, true);
      const start = s.position;
      await s.value(false);
      return new Span(start, s.position, depth);
    };
    if ((await s.peek()) !== OPEN_ARRAY) return item(depth);
    const list: unknown[] = [];
    await s.array(async () => void list.push(await item(depth + 1)));
    return list;
  }
}

/** The outline of a file whose top value is an object or an array (else null); its items are read from `input`. */
export interface W3cOutline {
  /** The top value, as collectW3cItems reads it. */
  root: unknown;
  source(): W3cSource;
}

/**
 * The outlining pass: reads the file once, checking it as the import checks a file read whole (UTF-8:
 * Utf8Error; JSON: 400), keeping its structure and where each item is. Null when the top value is not
 * an object or an array.
 */
export async function outlineW3c(input: ImportInput): Promise<W3cOutline | null> {
  const s = new JsonScanner(input.chunks(), { checkUtf8: true });
  const outliner = new Outliner(s);
  let root: unknown;
  try {
    const first = await s.peek();
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return null;
    root = await outliner.node(1);
    await s.end();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    await s.drain(); // a byte that is not UTF-8 anywhere in the file is what is said first, as when read whole
    throw notJson(error.message);
  }
  return {
    root,
    source() {
      const structure: string[] = [];
      // Each item: its bytes' range, or the value itself (a reference's IRI, a number…), or an object of the outline (a top-level node).
      const items = collectW3cItems(root, structure).map((item) => (typeof item === "object" && item !== null && !(item instanceof Span) ? (outliner.spans.get(item) ?? item) : item));
      return {
        total: items.length,
        structure,
        unstorable: outliner.unstorable,
        values: async function* (onUnstorable) {
          const ranges = await input.ranges();
          try {
            for (const item of items) {
              if (!(item instanceof Span)) {
                yield item;
                continue;
              }
              const value = parseValue(await ranges.read(item.start, item.end));
              const problem = storageProblem(value, item.depth);
              if (problem) onUnstorable(problem);
              yield value;
            }
          } finally {
            await ranges.close();
          }
        },
      };
    },
  };
}
