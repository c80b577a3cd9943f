// npm run db:seed [-- --if-empty] [--no-demo]: load demo mode (sample corpus + demo accounts).
// --if-empty: do nothing on a database that has data; --no-demo: seed nothing, and remember that this is
// an installation without the demo (no later run seeds it); --print-demo: list the demo accounts when in
// demo mode, or say how to create the first admin when there are no accounts yet (npm start uses it).
import "./lib/require-existing-database";
import { hasNoAccounts } from "@/lib/users/service";
import { declineDemo, isDatabaseEmpty, isDemoMode, seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/seeds/demo";
import { databaseReadyOrExit } from "./lib/database";

async function main() {
  const ifEmpty = process.argv.includes("--if-empty");
  const noDemo = process.argv.includes("--no-demo");
  await databaseReadyOrExit();
  if (await isDatabaseEmpty()) {
    if (noDemo) {
      await declineDemo();
      console.log("An installation without the demo: nothing was seeded, and no later `npm start` will seed it.");
    } else {
      await seedDemo();
      console.log(`Seeded demo mode: the sample corpus and ${DEMO_ACCOUNTS.length} demo accounts.`);
    }
  } else if (!ifEmpty) {
    console.error("The database is not empty; demo mode is only seeded into an empty database.");
    process.exit(1);
  } else if (noDemo && (await isDemoMode())) {
    // npm start -- --no-demo on the database an earlier npm start seeded: said, not done silently.
    console.log("--no-demo changes nothing here: this database already holds the demo. For real work, point DATABASE_URL at a new database.");
  }
  if (!process.argv.includes("--print-demo")) return;
  if (await isDemoMode()) {
    console.log(`Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(26)} ${a.role}`);
  } else if (await hasNoAccounts()) {
    console.log(
      'No accounts yet. Create the first admin (in another terminal while this one serves):\n  npm run user:create -- --email you@example.org --name "Your Name" --role admin',
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
