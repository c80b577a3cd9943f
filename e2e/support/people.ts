import { expect, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import crypto from "node:crypto";
import { apiAs } from "./auth";
import { ACCOUNTS } from "./env";

export type Role = "admin" | "editor" | "reviewer" | "viewer";
export const ROLES: readonly Role[] = ["admin", "editor", "reviewer", "viewer"];
export const PERSON_PASSWORD = "person-password-e2e";

export interface Person {
  id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** A new account (unique email) made through the admin API, so specs stay independent of each other. */
export async function makePerson(role: Role, label: string = role): Promise<Person> {
  const admin = await apiAs(ACCOUNTS.admin);
  const id = crypto.randomBytes(4).toString("hex");
  const res = await admin.post("/api/users", {
    data: { name: `${label[0].toUpperCase()}${label.slice(1)} ${id}`, email: `${label.toLowerCase().replace(/\W+/g, "-")}-${id}@e2e.apparatus`, role, password: PERSON_PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(201);
  const user = (await res.json()) as { id: string; email: string; name: string };
  await admin.dispose();
  return { ...user, role, password: PERSON_PASSWORD };
}

/** An API client signed in as the person. */
export const apiFor = (person: Pick<Person, "email" | "password">): Promise<APIRequestContext> => apiAs(person.email, person.password);

type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>;

/** The cookies of a fresh sign-in as the person, to open browser contexts with (see browserAs). */
export async function signedInState(person: Pick<Person, "email" | "password">): Promise<StorageState> {
  const api = await apiFor(person);
  const state = await api.storageState();
  await api.dispose();
  return state;
}

/** A browser context signed in as the person (or signed out for null), at a viewport. */
export async function browserAs(
  browser: Browser,
  person: Pick<Person, "email" | "password"> | StorageState | null,
  viewport = { width: 1440, height: 900 },
): Promise<BrowserContext> {
  if (!person) return browser.newContext({ viewport });
  const storageState = "cookies" in person ? person : await signedInState(person);
  return browser.newContext({ viewport, storageState });
}

/** A small document of its own (unique text), made by an admin. */
export async function makeDocument(title: string, text = `A document for the end-to-end tests, made at ${Date.now()} (${crypto.randomUUID()}).`) {
  const admin = await apiAs(ACCOUNTS.admin);
  const res = await admin.post("/api/documents", { data: { title, kind: "other", text } });
  expect(res.status(), await res.text()).toBe(201);
  const doc = (await res.json()) as { id: string; title: string };
  await admin.dispose();
  return { id: doc.id, title: doc.title, text };
}
