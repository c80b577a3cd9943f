import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs } from "@/lib/anchoring/segments";

// Each paragraph carries its code-point range, so a DOM selection maps back to offsets of the stored text.
export function DocumentText({ text }: Readonly<{ text: string }>) {
  const index = new CodePointIndex(text);
  return (
    <section className="doc-text" aria-label="Document text">
      {paragraphs(index).map((p) => (
        <p key={p.start} data-start={p.start} data-end={p.end}>
          <span data-s={p.start}>{index.slice(p.start, p.end)}</span>
        </p>
      ))}
    </section>
  );
}
