"use client";
// Personal API tokens: create one (its secret is shown once, with a copy button), list and revoke them.
import { useEffect, useId, useRef, useState } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";
import { createTokenSchema, DEFAULT_TOKEN_DAYS, TOKEN_EXPIRY_CHOICES } from "@/lib/tokens/schemas";
import type { CreatedToken, TokenAccess, TokenDTO } from "@/lib/tokens/types";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

const STATUS_LABEL: Record<TokenDTO["status"], string> = { active: "Active", expired: "Expired", revoked: "Revoked" };
const ACCESS_LABEL: Record<TokenAccess, string> = { read: "Read only", write: "Read and write" };

function NewSecret({ created, apiUrl, onDismiss }: Readonly<{ created: CreatedToken; apiUrl: string; onDismiss: () => void }>) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const region = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  // The form that made the token is reset; focus moves here, where a screen reader reads the region's
  // name and the warning (its description), instead of falling to the page's body.
  useEffect(() => {
    region.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("Copied to the clipboard.");
    } catch {
      // No clipboard access (an insecure origin, say): select the text so Ctrl+C works.
      input.current?.select();
      setCopied("Select-all done: press Ctrl+C (⌘C) to copy.");
    }
  }

  return (
    <div className="new-secret" role="region" aria-labelledby={`${id}-title`} aria-describedby={`${id}-warning`} tabIndex={-1} ref={region}>
      <h3 id={`${id}-title`}>New token “{created.token.name}”</h3>
      <p className="warning" id={`${id}-warning`}>
        <strong>Copy this token now.</strong> It is shown only once and cannot be recovered; if you lose it, revoke it and create another.
        Anyone holding it can use the API as you.
      </p>
      <div className="secret-row">
        <label htmlFor={`${id}-secret`} className="visually-hidden">
          Token secret
        </label>
        <input id={`${id}-secret`} ref={input} readOnly value={created.secret} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" className="small ok">
        {copied}
      </p>
      <p className="small">Try it:</p>
      <pre className="example">
        <code>{`curl -H "Authorization: Bearer ${created.secret}" ${apiUrl}/api/documents`}</code>
      </pre>
      <button type="button" onClick={onDismiss}>
        I have copied it
      </button>
    </div>
  );
}

export function TokensPanel({ initialTokens, apiUrl }: Readonly<{ initialTokens: TokenDTO[]; apiUrl: string }>) {
  const id = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const [tokens, setTokens] = useState(initialTokens);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [listMessage, setListMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  async function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const expires = String(data.get("expires") ?? DEFAULT_TOKEN_DAYS);
    const parsed = createTokenSchema.safeParse({
      name: String(data.get("name") ?? ""),
      access: String(data.get("access") ?? "read"),
      expiresInDays: expires === "never" ? null : Number(expires),
    });
    if (!parsed.success) {
      setFormError(parsed.error.issues[0].message);
      return;
    }
    setFormError(null);
    setBusy("create");
    try {
      const result = await apiFetch<CreatedToken>("/api/tokens", {
        method: "POST",
        json: { name: parsed.data.name, access: parsed.data.access, expiresInDays: parsed.data.expiresInDays ?? null },
      });
      setCreated(result);
      setTokens((list) => [result.token, ...list]);
      form.reset();
    } catch (e) {
      setFormError(e instanceof ApiError ? e.message : "The token could not be created. Try again.");
    } finally {
      setBusy(null);
    }
  }

  // The display goes away; focus goes back to the form rather than to the body.
  function dismiss() {
    setCreated(null);
    nameInput.current?.focus();
  }

  async function revoke(token: TokenDTO) {
    setBusy(token.id);
    setListMessage(null);
    try {
      const revoked = await apiFetch<TokenDTO>(`/api/tokens/${token.id}`, { method: "DELETE" });
      setTokens((list) => list.map((t) => (t.id === revoked.id ? revoked : t)));
      if (created?.token.id === revoked.id) setCreated(null);
      setListMessage({ kind: "ok", text: `Revoked “${revoked.name}”; it no longer works.` });
    } catch (e) {
      setListMessage({ kind: "error", text: e instanceof ApiError ? e.message : "The token could not be revoked. Try again." });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel tokens" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>API tokens</h2>
      <p className="muted small">
        A personal token lets a script use the API as you, with your role (a viewer&apos;s token can only read). One that may only
        read (exports, lists, summaries) can change nothing if it leaks: choose it for scripts that only read. Send it in the{" "}
        <code>Authorization</code> header:
      </p>
      <pre className="example">
        <code>{`curl -H "Authorization: Bearer apx_…" ${apiUrl}/api/documents`}</code>
      </pre>

      <form className="create-token" onSubmit={onCreate} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Token name</label>
          <input
            id={`${id}-name`}
            ref={nameInput}
            name="name"
            maxLength={100}
            placeholder="e.g. export script"
            autoComplete="off"
            aria-invalid={!!formError}
            aria-describedby={formError ? `${id}-error` : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-access`}>Access</label>
          <select id={`${id}-access`} name="access" defaultValue="read">
            <option value="read">Read only</option>
            <option value="write">Read and write</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-expires`}>Expires</label>
          <select id={`${id}-expires`} name="expires" defaultValue={String(DEFAULT_TOKEN_DAYS)}>
            {TOKEN_EXPIRY_CHOICES.map((d) => (
              <option key={d} value={String(d)}>
                In {d} days
              </option>
            ))}
            <option value="never">Never (not recommended)</option>
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy === "create"}>
          {busy === "create" ? "Creating…" : "Create token"}
        </button>
      </form>
      {formError && (
        <p id={`${id}-error`} className="error" role="alert">
          {formError}
        </p>
      )}

      {created && <NewSecret key={created.token.id} created={created} apiUrl={apiUrl} onDismiss={dismiss} />}

      <h3>Your tokens</h3>
      <p role="status" className="small ok">
        {listMessage?.kind === "ok" ? listMessage.text : null}
      </p>
      {listMessage?.kind === "error" && (
        <p role="alert" className="error small">
          {listMessage.text}
        </p>
      )}
      {tokens.length === 0 ? (
        <p className="muted">You have no API tokens.</p>
      ) : (
        <div className="table-scroll">
          <table className="tokens-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Access</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className={t.status === "active" ? undefined : "inactive"}>
                  <th scope="row" className="token-name">
                    {t.name}
                  </th>
                  <td data-label="Token">
                    <code>{t.prefix}…</code>
                  </td>
                  <td data-label="Access">{ACCESS_LABEL[t.access]}</td>
                  <td data-label="Created">
                    <time dateTime={t.createdAt}>{day(t.createdAt)}</time>
                  </td>
                  <td data-label="Expires">{t.expiresAt ? <time dateTime={t.expiresAt}>{day(t.expiresAt)}</time> : "Never"}</td>
                  <td data-label="Last used">{t.lastUsedAt ? <time dateTime={t.lastUsedAt}>{day(t.lastUsedAt)}</time> : <span className="muted">Never</span>}</td>
                  <td data-label="Status">
                    <span className={`token-status token-${t.status}`}>
                      {STATUS_LABEL[t.status]}
                      {t.status === "revoked" && t.revokedAt ? ` ${day(t.revokedAt)}` : ""}
                    </span>
                  </td>
                  <td className="token-actions">
                    {t.status !== "revoked" && (
                      <button type="button" className="danger" disabled={busy === t.id} onClick={() => void revoke(t)} aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
