// npm run user:create -- --email E --name N --role admin|editor|reviewer|viewer [--password P]
// Creates a user on any install (the first admin of a fresh one, for instance). Without --password it prompts.
import "./lib/require-existing-database";
import { parseArgs } from "node:util";
import readline from "node:readline";
import { createUser } from "@/lib/users/service";
import { ROLES, type Role } from "@/lib/auth/roles";
import { passwordProblem } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { databaseReadyOrExit } from "./lib/database";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run user:create -- --email E --name N --role ${ROLES.join("|")} [--password P]`);
  process.exit(2);
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
  const { email, name, role } = values;
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) usage("--email is required and must be an email address.");
  if (!name?.trim()) usage("--name is required.");
  if (!role || !(ROLES as readonly string[]).includes(role)) usage(`--role must be one of ${ROLES.join(", ")}.`);
  await databaseReadyOrExit(); // before a password is asked for
  let password = values.password;
  if (password === undefined) {
    password = await prompt("Password (at least 10 characters): ");
    const problem = passwordProblem(password);
    if (problem) usage(problem);
    if (process.stdin.isTTY && (await prompt("Repeat the password: ")) !== password) usage("The passwords differ.");
  }
  const problem = passwordProblem(password);
  if (problem) usage(`Refused: ${problem}`);
  const { user, claimed } = await createUser({ email, name, role: role as Role, password });
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
