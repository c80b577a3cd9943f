"use client";
// A deletion asked in place: the button becomes "Confirm delete" and "Keep". The confirm button takes the
// focus; Keep, Escape, or a failed deletion (the caller reports why), gives it back to the first button.
import { useEffect, useRef, useState } from "react";

export function ConfirmInPlace({
  label,
  onConfirm,
  link = false,
  onConfirmingChange,
}: Readonly<{ label: string; onConfirm: () => Promise<void>; link?: boolean; onConfirmingChange?: (confirming: boolean) => void }>) {
  const [confirming, setConfirming] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const backToFirst = useRef(false);
  useEffect(() => {
    onConfirmingChange?.(confirming);
    if (confirming) confirm.current?.focus();
    else if (backToFirst.current) {
      backToFirst.current = false;
      first.current?.focus();
    }
    // only when asking starts or ends
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [confirming]);
  const stop = () => {
    backToFirst.current = true;
    setConfirming(false);
  };
  const cls = (danger: boolean) => [link ? "link" : "", danger ? "danger" : ""].filter(Boolean).join(" ") || undefined;
  if (!confirming) {
    return (
      <button ref={first} type="button" className={cls(!link)} onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  // Escape is Keep here (marked handled, so the reader does not also leave the card for the text).
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    stop();
  };
  return (
    <>
      <button
        ref={confirm}
        onKeyDown={onKeyDown}
        type="button"
        className={cls(true)}
        onClick={async () => {
          try {
            await onConfirm();
          } catch {
            stop();
          }
        }}
      >
        Confirm delete
      </button>
      <button type="button" className={cls(false)} onClick={stop} onKeyDown={onKeyDown}>
        Keep
      </button>
    </>
  );
}
