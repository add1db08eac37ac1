// A process entry around the sandbox runner: reads a JSON array of {labDir, code, timeLimitMs?, memoryLimitMb?} on stdin,
// grades them one after another in this process, and prints one GradeResult as JSON per line.
// Run as `node --no-node-snapshot --import tsx src/grader/sandbox-run.ts`.
import { gradeInSandbox, type SandboxOptions } from "./sandbox.ts";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
for (const opts of JSON.parse(input) as SandboxOptions[]) process.stdout.write(`${JSON.stringify(await gradeInSandbox(opts))}\n`);
