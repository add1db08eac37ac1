// Child process for crash.test.ts: opens the store and writes until it is killed with SIGKILL.
//   node --import tsx crash-child.ts <dataDir> commit-loop   commits rows forever, printing "committed <i>" after each
//   node --import tsx crash-child.ts <dataDir> open-tx       commits 3 rows, then hangs inside an uncommitted transaction
import { openStore } from "../index.ts";

const [dataDir, mode] = process.argv.slice(2);
if (dataDir === undefined || (mode !== "commit-loop" && mode !== "open-tx")) {
  console.error("usage: crash-child.ts <dataDir> commit-loop|open-tx");
  process.exit(64);
}

const store = await openStore({ dataDir });
const learner = await store.ensureLearner("crash");
const startedAt = new Date("2025-01-01T00:00:00Z");
const write = (note: string) => store.addStudySession({ learnerId: learner.id, moduleId: "m", kind: "lab", minutes: 1, startedAt, note });

if (mode === "commit-loop") {
  for (let i = 0; ; i++) {
    await write(`c${i}`);
    process.stdout.write(`committed ${i}\n`);
  }
} else {
  for (let i = 0; i < 3; i++) await write(`c${i}`);
  process.stdout.write("committed 2\n");
  await store.db.transaction().execute(async (tx) => {
    for (let i = 0; i < 50; i++) {
      await tx
        .insertInto("study_sessions")
        .values({ learner_id: learner.id, module_id: "m", kind: "lab", minutes: 1, started_at: startedAt, note: `uncommitted${i}` })
        .execute();
    }
    process.stdout.write("in-tx\n");
    await new Promise(() => {}); // hold the transaction open until killed
  });
}
