"use client";
// A deletion asked in place: the button becomes "Confirm delete" and "Keep". The confirm button takes the
// focus; Keep, or a failed deletion (the caller reports why), gives it back to the first button.
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
  return (
    <>
      <button
        ref={confirm}
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
      <button type="button" className={cls(false)} onClick={stop}>
        Keep
      </button>
    </>
  );
}
