// "How these numbers are computed": the summary definitions in plain words (lib/summary/definitions.ts).
import { SUMMARY_DEFINITIONS, SUMMARY_DEFINITIONS_TITLE } from "@/lib/summary/definitions";

function DefinitionList() {
  return (
    <dl className="summary-definitions">
      {SUMMARY_DEFINITIONS.map((d) => (
        <div key={d.term}>
          <dt>{d.term}</dt>
          <dd>{d.text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Collapsed by default (a `<details>`), or as an open section with a heading. */
export function SummaryDefinitions({ collapsible = true }: Readonly<{ collapsible?: boolean }>) {
  if (collapsible) {
    return (
      <details className="summary-how">
        <summary>{SUMMARY_DEFINITIONS_TITLE}</summary>
        <DefinitionList />
      </details>
    );
  }
  return (
    <section className="summary-how" aria-labelledby="summary-how-title">
      <h2 id="summary-how-title">{SUMMARY_DEFINITIONS_TITLE}</h2>
      <DefinitionList />
    </section>
  );
}
