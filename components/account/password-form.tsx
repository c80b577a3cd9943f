"use client";
// Change one's own password: the current one, the new one twice, and whether to revoke one's API tokens
// too (ticked: whoever knew the old password could have made one). The server checks the same rules
// (POST /api/me/password) and ends the user's other sessions; this one stays signed in.
import { useId, useState } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";
import { MIN_PASSWORD_LENGTH, passwordSchema } from "@/lib/users/schemas";

type Field = "currentPassword" | "newPassword" | "confirm";

export function PasswordForm() {
  const id = useId();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    const confirm = String(data.get("confirm") ?? "");
    const revokeTokens = data.get("revokeTokens") === "on";
    setDone(null);
    const found: Partial<Record<Field, string>> = {};
    if (!currentPassword) found.currentPassword = "Enter your current password.";
    const parsed = passwordSchema.safeParse(newPassword);
    if (!parsed.success) found.newPassword = parsed.error.issues[0].message;
    else if (newPassword === currentPassword) found.newPassword = "The new password must differ from the current one.";
    if (!found.newPassword && confirm !== newPassword) found.confirm = "The two new passwords are not the same.";
    setErrors(found);
    const first = (["currentPassword", "newPassword", "confirm"] as const).find((f) => found[f]);
    if (first) {
      form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await apiFetch("/api/me/password", { method: "POST", json: { currentPassword, newPassword, revokeTokens } });
      form.reset();
      setDone(
        `Your password was changed. Every other browser signed in as you has been signed out${revokeTokens ? ", and your API tokens were revoked" : ""}.`,
      );
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      const field = (err?.details as { field?: Field } | undefined)?.field;
      const message = err?.message ?? "The password could not be changed. Try again.";
      setErrors(field === "currentPassword" || field === "newPassword" ? { [field]: message } : { confirm: message });
    } finally {
      setBusy(false);
    }
  }

  const described = (field: Field, hint = false) =>
    [hint ? `${id}-${field}-hint` : null, errors[field] ? `${id}-${field}-error` : null].filter(Boolean).join(" ") || undefined;
  const error = (field: Field) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="error small" role="alert">
        {errors[field]}
      </p>
    ) : null;

  return (
    <section className="panel password-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Password</h2>
      <form className="password-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-currentPassword`}>Current password</label>
          <input
            id={`${id}-currentPassword`}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            aria-invalid={!!errors.currentPassword}
            aria-describedby={described("currentPassword")}
          />
          {error("currentPassword")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-newPassword`}>New password</label>
          <input
            id={`${id}-newPassword`}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            aria-invalid={!!errors.newPassword}
            aria-describedby={described("newPassword", true)}
          />
          <span id={`${id}-newPassword-hint`} className="muted small">
            At least {MIN_PASSWORD_LENGTH} characters.
          </span>
          {error("newPassword")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-confirm`}>New password again</label>
          <input
            id={`${id}-confirm`}
            name="confirm"
            type="password"
            autoComplete="new-password"
            aria-invalid={!!errors.confirm}
            aria-describedby={described("confirm")}
          />
          {error("confirm")}
        </div>
        <div className="field">
          <label className="check">
            <input name="revokeTokens" type="checkbox" defaultChecked aria-describedby={`${id}-revokeTokens-hint`} /> Also revoke my API tokens
          </label>
          <span id={`${id}-revokeTokens-hint`} className="muted small">
            Scripts that use them stop working until you make new ones. Leave it ticked if someone else may have known your password.
          </span>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Changing…" : "Change password"}
        </button>
        <p role="status" className="small ok">
          {done}
        </p>
        <p className="muted small">Changing it signs you out on every other browser and device; this one stays signed in.</p>
      </form>
    </section>
  );
}
