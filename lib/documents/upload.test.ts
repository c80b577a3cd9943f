// Reading add-document requests: the keepFullText flag, in JSON and in multipart form data.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readDocumentUpload } from "./upload";

const json = (body: unknown) =>
  new Request("http://localhost/api/documents", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
function multipart(fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File(["<p>x</p>"], "page.html", { type: "text/html" }));
  return new Request("http://localhost/api/documents", { method: "POST", body: form });
}

describe("keepFullText", () => {
  it("is false by default (boilerplate is dropped) and is not passed on as metadata", async () => {
    const upload = await readDocumentUpload(json({ text: "<p>x</p>", format: "html", title: "T" }));
    expect(upload.input.boilerplate).toBe("drop");
    expect(upload.fields).toEqual({ title: "T" });
  });

  it("true in JSON, or 'true' in a form, keeps the full text", async () => {
    expect((await readDocumentUpload(json({ text: "x", keepFullText: true }))).input.boilerplate).toBe("keep");
    expect((await readDocumentUpload(json({ text: "x", keepFullText: false }))).input.boilerplate).toBe("drop");
    const upload = await readDocumentUpload(multipart({ keepFullText: "true", title: "T" }));
    expect(upload.input).toMatchObject({ fileName: "page.html", boilerplate: "keep" });
    expect(upload.fields).toEqual({ title: "T" });
    expect((await readDocumentUpload(multipart({ keepFullText: "false" }))).input.boilerplate).toBe("drop");
  });

  it.each([["yes"], [1], [null], [{}]])("refuses %j with a 400-class error naming the field", async (value) => {
    const error = await readDocumentUpload(json({ text: "x", keepFullText: value })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INVALID_INPUT");
    expect((error as AppError).message).toMatch(/keepFullText/);
  });

  it("refuses a bad form value too", async () => {
    const error = await readDocumentUpload(multipart({ keepFullText: "maybe" })).catch((e: unknown) => e);
    expect((error as AppError).code).toBe("INVALID_INPUT");
  });
});

describe("form fields", () => {
  /** A multipart body written by hand, so that a field can hold bytes that are not UTF-8. */
  function rawForm(parts: Array<[string, Uint8Array | string]>) {
    const boundary = "----apparatus-test";
    const chunks: Uint8Array[] = [];
    const enc = new TextEncoder();
    for (const [name, value] of parts) {
      chunks.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
      chunks.push(typeof value === "string" ? enc.encode(value) : value);
      chunks.push(enc.encode("\r\n"));
    }
    chunks.push(enc.encode(`--${boundary}--\r\n`));
    return new Request("http://localhost/api/documents", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: Buffer.concat(chunks),
    });
  }

  it("refuses a field that is not UTF-8 (it would be stored with U+FFFD in place of its bytes), naming it", async () => {
    const latin1 = Buffer.from("Caf\xe9 cr\xe8me", "latin1");
    for (const parts of [[["title", "T"], ["kind", "blog"], ["text", latin1]], [["title", latin1], ["kind", "blog"], ["text", "Fine text."]]] as Array<Array<[string, Uint8Array | string]>>) {
      const error = await readDocumentUpload(rawForm(parts)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("INVALID_INPUT");
      const field = parts.find(([, v]) => v === latin1)![0];
      expect((error as AppError).message).toBe(`The field \`${field}\` is not valid UTF-8 text. Send the form as UTF-8.`);
    }
  });

  it("takes a field that holds U+FFFD itself, written as UTF-8", async () => {
    const upload = await readDocumentUpload(rawForm([["title", "A \uFFFD in the title"], ["kind", "blog"], ["text", "Text with \uFFFD too."]]));
    expect(upload.fields).toMatchObject({ title: "A \uFFFD in the title" });
    expect(upload.input).toMatchObject({ text: "Text with \uFFFD too." });
  });
});

describe("one source, each field once", () => {
  const form = (parts: Array<[string, string | File]>) => {
    const f = new FormData();
    for (const [k, v] of parts) f.append(k, v);
    return new Request("http://localhost/api/documents", { method: "POST", body: f });
  };
  const page = () => new File(["<p>x</p>"], "page.html", { type: "text/html" });
  it.each([
    ["two files", [["file", page()], ["file", page()], ["title", "T"]], /one source/],
    ["a file and a text", [["file", page()], ["text", "Pasted."], ["title", "T"]], /one source/],
    ["two texts", [["text", "One."], ["text", "Two."], ["title", "T"]], /one source/],
    ["a format for a file", [["file", page()], ["format", "markdown"], ["title", "T"]], /`format` is for a pasted text/],
    ["a field twice", [["text", "One."], ["title", "A"], ["title", "B"]], /`title` is sent more than once/],
  ] as Array<[string, Array<[string, string | File]>, RegExp]>)("refuses %s instead of dropping the rest", async (_, parts, message) => {
    const error = await readDocumentUpload(form(parts)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INVALID_INPUT");
    expect((error as AppError).message).toMatch(message);
  });
});
