"use client";
// Create an account: name, email, role and a first password; the same zod rules as POST /api/users.
import { useId, useRef, useState } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";
import { ROLES } from "@/lib/auth/roles";
import { createUserSchema, MIN_PASSWORD_LENGTH } from "@/lib/users/schemas";
import type { UserDTO } from "@/lib/users/types";

type Field = "name" | "email" | "role" | "password";

/** `listed`: whether an account is on the page already (an imported one the address takes over). */
export function CreateUserForm({ onCreated, listed }: Readonly<{ onCreated: (user: UserDTO) => void; listed: (id: string) => boolean }>) {
  const id = useId();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    setFailure(null);
    setDone(null);
    const parsed = createUserSchema.safeParse({
      name: String(data.get("name") ?? ""),
      email: String(data.get("email") ?? ""),
      role: String(data.get("role") ?? ""),
      password: String(data.get("password") ?? ""),
    });
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as Field;
        next[key] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const user = await apiFetch<UserDTO>("/api/users", { method: "POST", json: parsed.data });
      form.reset();
      setDone(
        listed(user.id)
          ? `${user.email} came with an import: ${user.name} is now an active ${user.role}, with the work the import brought.`
          : `Created ${user.name} (${user.email}) as ${user.role}.`,
      );
      onCreated(user);
      // Ready for the next person; the status line announces the one just made.
      nameInput.current?.focus();
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : "The user could not be created. Try again.");
    } finally {
      setBusy(false);
    }
  }

  const describe = (field: Field, hint?: string) => {
    const ids = [hint ? `${id}-${field}-hint` : null, errors[field] ? `${id}-${field}-error` : null].filter(Boolean);
    return ids.length ? ids.join(" ") : undefined;
  };
  const fieldError = (field: Field) =>
    errors[field] ? (
      <span id={`${id}-${field}-error`} className="error small">
        {errors[field]}
      </span>
    ) : null;

  return (
    <form className="create-user panel" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Create a user</h2>
      <div className="create-user-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input ref={nameInput} id={`${id}-name`} name="name" autoComplete="off" maxLength={200} aria-invalid={!!errors.name} aria-describedby={describe("name")} />
          {fieldError("name")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="off"
            maxLength={320}
            aria-invalid={!!errors.email}
            aria-describedby={describe("email")}
          />
          {fieldError("email")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} name="role" defaultValue="reviewer" aria-invalid={!!errors.role} aria-describedby={describe("role")}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          {fieldError("role")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="new-password"
            aria-invalid={!!errors.password}
            aria-describedby={describe("password", "hint")}
          />
          <span id={`${id}-password-hint`} className="muted small">
            At least {MIN_PASSWORD_LENGTH} characters.
          </span>
          {fieldError("password")}
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? "Creating…" : "Create user"}
        </button>
        <p role="status" className="form-status">
          {done}
        </p>
      </div>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </form>
  );
}
