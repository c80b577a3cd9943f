"use client";
// One account in the admin's list: edit the name and address, change the role, reset the password,
// deactivate or reactivate; an account an import made (no password) gets "Set password and activate"
// instead of Reactivate, and an author it made without an address can be given theirs.
// A new role and a deactivation take a second, explicit step (Change role, Confirm deactivate), so that
// an arrow key on the select or a stray click changes nobody's access; focus never drops to the page.
import { useEffect, useId, useRef, useState } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";
import { ROLES, roleWithArticle, type Role } from "@/lib/auth/roles";
import { emailSchema, nameSchema, passwordSchema } from "@/lib/users/schemas";
import type { UserDTO } from "@/lib/users/types";
import { awaitsPassword, isPlaceholderEmail, PLACEHOLDER_EMAIL_DOMAIN } from "@/lib/users/placeholder-email";
import { EmailAddress } from "@/components/layout/email-address";

type Message = { kind: "ok" | "error"; text: string } | null;
type FocusTarget = "role" | "message" | "deactivate" | "confirm" | "reset" | "edit";

interface Props {
  user: UserDTO;
  isSelf: boolean;
  onChange: (user: UserDTO) => void;
}

export function UserRow({ user, isSelf, onChange }: Readonly<Props>) {
  const id = useId();
  // An author an import could not match, kept so attributions survive: no address, no sign-in.
  const placeholder = !user.active && isPlaceholderEmail(user.email);
  const awaitingPassword = awaitsPassword(user);
  const activating = awaitingPassword && !user.active;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");
  const [editing, setEditing] = useState<{ name: string; email: string } | null>(null);
  const [pendingRole, setPendingRole] = useState<Role | null>(null);
  const [confirmingDeactivate, setConfirmingDeactivate] = useState(false);
  // Where focus goes once the controls it was on are gone: set by an action, applied after the render.
  const [focusRequest, setFocusRequest] = useState<{ on: FocusTarget } | null>(null);
  const setFocusNext = (on: FocusTarget) => setFocusRequest({ on });
  const roleSelect = useRef<HTMLSelectElement>(null);
  const deactivateButton = useRef<HTMLButtonElement>(null);
  const resetButton = useRef<HTMLButtonElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const statusLine = useRef<HTMLParagraphElement>(null);
  const alertLine = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!focusRequest) return;
    const target = {
      role: roleSelect.current,
      message: message?.kind === "error" ? alertLine.current : statusLine.current,
      deactivate: deactivateButton.current,
      confirm: confirmButton.current,
      reset: resetButton.current,
      edit: editButton.current,
    }[focusRequest.on];
    target?.focus();
    // Only when asked again, not when the message changes afterwards.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

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

  async function applyRole() {
    if (busy || !pendingRole) return;
    const ok = await run(patch({ role: pendingRole }), (u) => `${u.name} is now ${roleWithArticle(u.role)}.`);
    if (ok) setPendingRole(null);
    setFocusNext(ok ? "role" : "message");
  }

  async function deactivate() {
    if (busy) return;
    await run(patch({ active: false }), (u) => `${u.name} is deactivated; their sessions have ended.`);
    setConfirmingDeactivate(false);
    setFocusNext("message");
  }

  async function reactivate() {
    if (busy) return;
    await run(patch({ active: true }), (u) => `${u.name} can sign in again.`);
    setFocusNext("message");
  }

  const patch = (json: { role?: Role; active?: boolean }) => () =>
    apiFetch<UserDTO>(`/api/users/${user.id}`, { method: "PATCH", json });

  async function submitDetails(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || !editing) return;
    const name = nameSchema.safeParse(editing.name);
    // An author without an address can be renamed and left without one.
    const email = emailSchema.safeParse(placeholder && editing.email.trim() === "" ? user.email : editing.email);
    const problem = !name.success ? name.error.issues[0].message : !email.success ? email.error.issues[0].message : null;
    if (problem || !name.success || !email.success) {
      setMessage({ kind: "error", text: problem ?? "Check the name and the address." });
      return;
    }
    if (isPlaceholderEmail(email.data) && email.data !== user.email) {
      setMessage({ kind: "error", text: `Addresses at ${PLACEHOLDER_EMAIL_DOMAIN} are kept for authors an import could not match. Give the person's real address.` });
      return;
    }
    const json: { name?: string; email?: string } = {};
    if (name.data !== user.name) json.name = name.data;
    if (email.data !== user.email) json.email = email.data;
    if (json.name === undefined && json.email === undefined) {
      setEditing(null);
      setMessage(null);
      setFocusNext("edit");
      return;
    }
    const ok = await run(
      () => apiFetch<UserDTO>(`/api/users/${user.id}`, { method: "PATCH", json }),
      (u) =>
        placeholder && json.email !== undefined
          ? `${u.name} now has the address ${u.email}. Set a password to let them sign in.`
          : json.email !== undefined
            ? `Saved. ${u.name} signs in as ${u.email} from now on.`
            : `Saved: ${u.name}.`,
    );
    if (ok) {
      setEditing(null);
      setFocusNext("message");
    }
  }

  async function submitPassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setMessage({ kind: "error", text: parsed.error.issues[0].message });
      return;
    }
    const ok = await run(
      () => apiFetch<UserDTO>(`/api/users/${user.id}/password`, { method: "POST", json: { password: parsed.data, activate: activating } }),
      (u) =>
        isSelf
          ? "Your password was changed. Your other sessions ended and your API tokens were revoked."
          : awaitingPassword
            ? `Password set: ${u.name} is active and can sign in with it now.`
            : `New password set. ${u.name} must sign in again with it; their API tokens were revoked.`,
    );
    if (ok) {
      setPassword("");
      setResetting(false);
      setFocusNext("message");
    }
  }

  return (
    <tr className={user.active ? undefined : "inactive"}>
      <th scope="row">
        {user.name}
        {isSelf && <span className="muted small"> (you)</span>}
      </th>
      <td className="email" data-label="Email">
        <EmailAddress email={user.email} />
      </td>
      <td data-label="Role">
        <label htmlFor={`${id}-role`} className="visually-hidden">
          Role for {user.name}
        </label>
        <div className="role-change">
          <select
            ref={roleSelect}
            id={`${id}-role`}
            value={pendingRole ?? user.role}
            disabled={isSelf}
            aria-describedby={isSelf ? `${id}-self` : pendingRole ? `${id}-role-pending` : undefined}
            onChange={(e) => {
              if (busy) return;
              const role = e.target.value as Role;
              setPendingRole(role === user.role ? null : role);
              setMessage(null);
            }}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          {pendingRole && (
            <>
              <span id={`${id}-role-pending`} className="visually-hidden">
                Not changed yet: {user.role} until you choose Change role.
              </span>
              <button type="button" className="primary" aria-disabled={busy || undefined} onClick={() => void applyRole()}>
                {busy ? "Changing…" : "Change role"}
              </button>
              <QuietButton
                busy={busy}
                onClick={() => {
                  setPendingRole(null);
                  setFocusNext("role");
                }}
              >
                Cancel
              </QuietButton>
            </>
          )}
        </div>
      </td>
      <td data-label="Status">
        {user.active ? (
          <span className="status-active">{user.hasPassword ? "Active" : "Active, no password yet"}</span>
        ) : placeholder ? (
          <span className="status-placeholder" title="Made by an import to keep an author's name on their annotations; it cannot sign in.">
            Imported author (no account)
          </span>
        ) : awaitingPassword ? (
          <span className="status-placeholder" title="Made by an import (an export holds no passwords): it can sign in once you set a password.">
            Imported, no password yet
          </span>
        ) : (
          <span className="status-inactive">Deactivated</span>
        )}
      </td>
      <td className="date" data-label="Created">
        <time dateTime={user.createdAt}>{user.createdAt.slice(0, 10)}</time>
      </td>
      <td className="user-actions">
        <div className="buttons">
          {!editing && (
            <QuietButton
              buttonRef={editButton}
              busy={busy}
              onClick={() => {
                setEditing({ name: user.name, email: placeholder ? "" : user.email });
                setResetting(false);
                setMessage(null);
              }}
            >
              {placeholder ? "Give an address" : "Edit name and email"}
            </QuietButton>
          )}
          {!resetting && !placeholder && (
            <QuietButton
              buttonRef={resetButton}
              busy={busy}
              onClick={() => {
                setResetting(true);
                setEditing(null);
                setMessage(null);
              }}
            >
              {activating ? "Set password and activate" : awaitingPassword ? "Set password" : "Reset password"}
            </QuietButton>
          )}
          {user.active && !confirmingDeactivate && (
            <button
              ref={deactivateButton}
              type="button"
              className="danger"
              disabled={isSelf}
              aria-disabled={busy || undefined}
              aria-describedby={isSelf ? `${id}-self` : undefined}
              onClick={() => {
                if (busy) return;
                setConfirmingDeactivate(true);
                setMessage(null);
                setFocusNext("confirm");
              }}
            >
              Deactivate
            </button>
          )}
          {!user.active && user.hasPassword && (
            <button type="button" aria-disabled={busy || undefined} onClick={() => void reactivate()}>
              Reactivate
            </button>
          )}
        </div>
        {confirmingDeactivate && (
          <div className="confirm-deactivate" role="group" aria-labelledby={`${id}-confirm`}>
            <p id={`${id}-confirm`}>
              Deactivate {user.name}? Their sessions end now.
            </p>
            <div className="buttons">
              <button ref={confirmButton} type="button" className="danger" aria-disabled={busy || undefined} onClick={() => void deactivate()}>
                {busy ? "Deactivating…" : "Confirm deactivate"}
              </button>
              <QuietButton
                busy={busy}
                onClick={() => {
                  setConfirmingDeactivate(false);
                  setFocusNext("deactivate");
                }}
              >
                Keep
              </QuietButton>
            </div>
          </div>
        )}
        {editing && (
          <form className="reset-password edit-person" onSubmit={submitDetails} noValidate aria-label={`Name and email of ${user.name}`}>
            {placeholder && (
              <p className="muted small" id={`${id}-address-hint`}>
                An import kept {user.name}&apos;s name on their work without an address. With their real address and then a password, they
                can sign in to it.
              </p>
            )}
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              autoComplete="off"
              value={editing.name}
              onChange={(e) => setEditing({ ...editing, name: e.target.value })}
              autoFocus={!placeholder}
            />
            <label htmlFor={`${id}-email`}>Email</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={editing.email}
              aria-describedby={placeholder ? `${id}-address-hint` : undefined}
              onChange={(e) => setEditing({ ...editing, email: e.target.value })}
              autoFocus={placeholder}
            />
            <FormButtons
              busy={busy}
              submit={busy ? "Saving…" : "Save"}
              onCancel={() => {
                setEditing(null);
                setMessage(null);
                setFocusNext("edit");
              }}
            />
          </form>
        )}
        {resetting && (
          <form className="reset-password" onSubmit={submitPassword} noValidate>
            <label htmlFor={`${id}-password`}>{awaitingPassword ? "Password" : "New password"} for {user.name}</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoFocus
            />
            <FormButtons
              busy={busy}
              submit={activating ? "Set password and activate" : "Set password"}
              onCancel={() => {
                setResetting(false);
                setPassword("");
                setMessage(null);
                setFocusNext("reset");
              }}
            />
          </form>
        )}
        {isSelf && (
          <p id={`${id}-self`} className="muted small">
            Another admin must change your role or deactivate you.
          </p>
        )}
        {/* Always present, so screen readers announce the text when it changes. */}
        <p ref={statusLine} role="status" className="ok small" tabIndex={-1}>
          {message?.kind === "ok" ? message.text : null}
        </p>
        {message?.kind === "error" && (
          <p ref={alertLine} role="alert" className="error small" tabIndex={-1}>
            {message.text}
          </p>
        )}
      </td>
    </tr>
  );
}

/**
 * A button that stays focusable while the row is busy (aria-disabled, not disabled: a disabled button
 * loses the focus) and does nothing until the request is done.
 */
function QuietButton({
  busy,
  onClick,
  buttonRef,
  children,
}: Readonly<{ busy: boolean; onClick: () => void; buttonRef?: React.Ref<HTMLButtonElement>; children: React.ReactNode }>) {
  return (
    <button ref={buttonRef} type="button" aria-disabled={busy || undefined} onClick={() => !busy && onClick()}>
      {children}
    </button>
  );
}

/** A row form's submit button and its Cancel. */
function FormButtons({ busy, submit, onCancel }: Readonly<{ busy: boolean; submit: string; onCancel: () => void }>) {
  return (
    <div className="buttons">
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        {submit}
      </button>
      <QuietButton busy={busy} onClick={onCancel}>
        Cancel
      </QuietButton>
    </div>
  );
}
