"use client";
import { CLASSIFICATIONS, type Classification } from "@/lib/annotations/types";
import { CLASS_LABEL } from "@/components/annotations/class-badge";

// The small toolbar that appears under a selection: Sourced / Contested / Opinion (keys 1, 2, 3).
export function SelectionToolbar({ top, left, onChoose }: Readonly<{ top: number; left: number; onChoose: (c: Classification) => void }>) {
  return (
    <div role="toolbar" aria-label="Annotate selection" className="selection-toolbar" style={{ top, left }}>
      {CLASSIFICATIONS.map((c, i) => (
        <button
          key={c}
          type="button"
          className={`choose choose-${c}`}
          aria-keyshortcuts={String(i + 1)}
          // Keep the text selection when the button is pressed with the mouse.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChoose(c)}
        >
          {CLASS_LABEL[c]} <kbd aria-hidden="true">{i + 1}</kbd>
        </button>
      ))}
    </div>
  );
}
