// npm run db:seed [-- --if-empty]: load demo mode (sample corpus + demo accounts).
// --if-empty: do nothing on a database that has data; --print-demo: list the demo accounts when in demo mode.
import "./lib/require-database";
import { isDatabaseEmpty, isDemoMode, seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/seeds/demo";

async function main() {
  const ifEmpty = process.argv.includes("--if-empty");
  if (await isDatabaseEmpty()) {
    await seedDemo();
    console.log(`Seeded demo mode: the sample corpus and ${DEMO_ACCOUNTS.length} demo accounts.`);
  } else if (!ifEmpty) {
    console.error("The database is not empty; demo mode is only seeded into an empty database.");
    process.exit(1);
  }
  if (process.argv.includes("--print-demo") && (await isDemoMode())) {
    console.log(`Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(26)} ${a.role}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
