// npm run user:create -- --email E --name N --role admin|editor|reviewer|viewer [--password P]
// Creates a user on any install (the first admin of a fresh one, for instance). Without --password it prompts.
import "./lib/require-existing-database";
import { parseArgs } from "node:util";
import type { z } from "zod";
import readline from "node:readline";
import { createUser } from "@/lib/users/service";
import { ROLES } from "@/lib/auth/roles";
import { createUserSchema } from "@/lib/users/schemas";
import { AppError } from "@/lib/errors";
import { databaseReadyOrExit } from "./lib/database";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run user:create -- --email E --name N --role ${ROLES.join("|")} [--password P]`);
  process.exit(2);
}

/** One line per refused flag, named as typed: "--email: That does not look like an email address." */
function problems(error: z.ZodError): string {
  return error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("\n");
}

async function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    // Piped input: read the first line.
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    return "";
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    write.call(rl, s.startsWith(question) ? s : "");
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, password: { type: "string" } },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  // The rules of POST /api/users and the Admin → Users page, so the command makes no account they would
  // refuse (an address like "a@b", a name of 300 characters). Everything but the password first: a bad
  // flag is told before the password is asked for.
  const { email, name, role } = values;
  const flags = createUserSchema.omit({ password: true }).safeParse({ email, name, role });
  if (!flags.success) usage(problems(flags.error));
  await databaseReadyOrExit(); // before a password is asked for
  let password = values.password;
  if (password === undefined) {
    password = await prompt("Password (at least 10 characters): ");
    if (password === "") usage("No password was given: pass --password P, type it when asked, or pipe it in (echo P | npm run user:create -- …).");
    const typed = createUserSchema.shape.password.safeParse(password);
    if (!typed.success) usage(typed.error.issues[0].message);
    if (process.stdin.isTTY && (await prompt("Repeat the password: ")) !== password) usage("The passwords differ.");
  }
  const input = createUserSchema.safeParse({ email, name, role, password });
  if (!input.success) usage(problems(input.error));
  const { user, claimed } = await createUser(input.data);
  console.log(
    claimed
      ? `${user.email} came with an import: it is now an active ${user.role} (${user.name}), with its imported work.`
      : `Created ${user.role} ${user.email} (${user.name}).`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof AppError ? `Refused: ${error.message}` : error);
    process.exit(1);
  },
);
