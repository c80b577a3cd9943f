"use client";
// One account in the admin's list: change the role, reset the password, deactivate or reactivate.
import { useId, useState } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";
import { ROLES, roleWithArticle, type Role } from "@/lib/auth/roles";
import { passwordSchema } from "@/lib/users/schemas";
import type { UserDTO } from "@/lib/users/types";

type Message = { kind: "ok" | "error"; text: string } | null;

interface Props {
  user: UserDTO;
  isSelf: boolean;
  onChange: (user: UserDTO) => void;
}

export function UserRow({ user, isSelf, onChange }: Readonly<Props>) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");

  async function run(action: () => Promise<UserDTO>, success: (u: UserDTO) => string) {
    setBusy(true);
    setMessage(null);
    try {
      const updated = await action();
      onChange(updated);
      setMessage({ kind: "ok", text: success(updated) });
      return true;
    } catch (e) {
      setMessage({ kind: "error", text: e instanceof ApiError ? e.message : "That did not work. Try again." });
      return false;
    } finally {
      setBusy(false);
    }
  }

  const patch = (json: { role?: Role; active?: boolean }) => () =>
    apiFetch<UserDTO>(`/api/users/${user.id}`, { method: "PATCH", json });

  async function submitPassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setMessage({ kind: "error", text: parsed.error.issues[0].message });
      return;
    }
    const ok = await run(
      () => apiFetch<UserDTO>(`/api/users/${user.id}/password`, { method: "POST", json: { password: parsed.data } }),
      (u) => (isSelf ? "Your password was changed." : `New password set. ${u.name} must sign in again with it.`),
    );
    if (ok) {
      setPassword("");
      setResetting(false);
    }
  }

  return (
    <tr className={user.active ? undefined : "inactive"}>
      <th scope="row">
        {user.name}
        {isSelf && <span className="muted small"> (you)</span>}
      </th>
      <td className="email" data-label="Email">{user.email}</td>
      <td data-label="Role">
        <label htmlFor={`${id}-role`} className="visually-hidden">
          Role for {user.name}
        </label>
        <select
          id={`${id}-role`}
          value={user.role}
          disabled={busy || isSelf}
          aria-describedby={isSelf ? `${id}-self` : undefined}
          onChange={(e) => {
            const role = e.target.value as Role;
            void run(patch({ role }), (u) => `${u.name} is now ${roleWithArticle(u.role)}.`);
          }}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </td>
      <td data-label="Status">{user.active ? <span className="status-active">Active</span> : <span className="status-inactive">Deactivated</span>}</td>
      <td className="date" data-label="Created">
        <time dateTime={user.createdAt}>{user.createdAt.slice(0, 10)}</time>
      </td>
      <td className="user-actions">
        <div className="buttons">
          {!resetting && (
            <button type="button" disabled={busy} onClick={() => (setResetting(true), setMessage(null))}>
              Reset password
            </button>
          )}
          {user.active ? (
            <button
              type="button"
              className="danger"
              disabled={busy || isSelf}
              aria-describedby={isSelf ? `${id}-self` : undefined}
              onClick={() => void run(patch({ active: false }), (u) => `${u.name} is deactivated; their sessions have ended.`)}
            >
              Deactivate
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void run(patch({ active: true }), (u) => `${u.name} can sign in again.`)}>
              Reactivate
            </button>
          )}
        </div>
        {resetting && (
          <form className="reset-password" onSubmit={submitPassword} noValidate>
            <label htmlFor={`${id}-password`}>New password for {user.name}</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoFocus
            />
            <div className="buttons">
              <button type="submit" className="primary" disabled={busy}>
                Set password
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setResetting(false);
                  setPassword("");
                  setMessage(null);
                }}
              >
                Cancel
              </button>
            </div>
          </form>
        )}
        {isSelf && (
          <p id={`${id}-self`} className="muted small">
            Another admin must change your role or deactivate you.
          </p>
        )}
        {/* Always present, so screen readers announce the text when it changes. */}
        <p role="status" className="ok small">
          {message?.kind === "ok" ? message.text : null}
        </p>
        {message?.kind === "error" && (
          <p role="alert" className="error small">
            {message.text}
          </p>
        )}
      </td>
    </tr>
  );
}
