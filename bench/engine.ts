// npm run bench:engine — llmpath against tfjs (cpu, wasm), @jax-js/jax and numpy, each in its own process, one invocation;
// prints absolute figures and speed ratios llmpath/peer, checks the issue's targets, writes bench/results/engine.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GPT, type PeerResult } from "./engine/common.ts";
import { ROWS, speedRatio, table, verdicts } from "./engine/report.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const tsPeer = (file: string, ...args: string[]) => [process.execPath, "--import", "tsx", path.join(here, "engine", file), ...args];

const PEERS: { name: string; cmd: string[] }[] = [
  { name: "llmpath", cmd: tsPeer("llmpath-peer.ts") },
  { name: "tfjs-wasm", cmd: tsPeer("tfjs-peer.ts", "wasm") },
  { name: "tfjs-cpu", cmd: tsPeer("tfjs-peer.ts", "cpu") },
  { name: "jax-js", cmd: tsPeer("jax-peer.ts") },
  { name: "numpy", cmd: ["python3", path.join(here, "engine", "numpy-peer.py")] },
];

/** Run one peer in its own process; its last stdout line "RESULT {json}" is the result. */
function runPeer(name: string, cmd: string[]): PeerResult | string {
  process.stderr.write(`${name}:\n`);
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 240_000 });
  if (r.error) return `${name} could not run: ${r.error.message}`;
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (r.status !== 0 || !line) return `${name} failed (exit ${r.status ?? r.signal}); see its output above`;
  return JSON.parse(line.slice(7)) as PeerResult;
}

const loadBefore = os.loadavg()[0];
const hasNumpy = spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
const only = process.argv.slice(2);
const results: PeerResult[] = [];
const notRun: Record<string, string> = {};
const started = performance.now();
for (const p of PEERS) {
  if (only.length && !only.includes(p.name)) continue;
  if (p.name === "numpy" && !hasNumpy) {
    notRun.numpy = "python3 with numpy is not on this machine";
    continue;
  }
  const r = runPeer(p.name, p.cmd);
  if (typeof r === "string") notRun[p.name] = r;
  else results.push(r);
}

const cores = os.availableParallelism();
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const checks = verdicts(results, cores);
const load = [loadBefore, os.loadavg()[0]];
console.log(`\nllmpath engine benchmark — ${cores} cores (${cpu}), Node ${process.version}, medians after warm-up`);
if (Math.max(...load) > cores) {
  console.log(`WARNING: the machine was busy (1-min load average ${load.map((l) => l.toFixed(1)).join(" → ")} on ${cores} cores): absolute figures are low and the thread-scaling check is not meaningful`);
}
console.log(`tiny GPT: ${GPT.nLayer} layers, d=${GPT.dModel}, ${GPT.nHead} heads, block ${GPT.blockSize}, vocab ${GPT.vocab}, batch ${GPT.batch}, Adam; tokens/s = ${GPT.batch * GPT.blockSize} tokens per step`);
console.log("ratio = llmpath speed / peer speed (peer time ÷ llmpath time); > 1 means llmpath is faster\n");
console.log(table(results));
console.log("");
for (const r of results) console.log(`  ${r.peer}: ${r.version}, threads ${r.threads}${Object.keys(r.skipped).length ? `; not run: ${Object.entries(r.skipped).map(([k, v]) => `${k} (${v})`).join(", ")}` : ""}`);
for (const [k, v] of Object.entries(notRun)) console.log(`  ${k}: NOT RUN — ${v}`);
console.log("\ntargets:");
for (const v of checks) {
  const m = v.measured === null ? "not measured" : `${v.measured.toFixed(2)}×`;
  console.log(`  ${v.met === null ? "??" : v.met ? "ok" : "MISSED"}  ${v.target}: ${m}`);
}
const missed = checks.filter((v) => v.met === false);
if (missed.length) console.log(`\n${missed.length} target(s) MISSED in this run (see the lines marked MISSED above).`);
console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(0)} s)`);

const ratios: Record<string, Record<string, number | null>> = {};
const llm = results.find((r) => r.peer === "llmpath");
for (const p of results.filter((r) => r.peer !== "llmpath")) {
  ratios[p.peer] = Object.fromEntries(ROWS.map((row) => [row.key, llm ? speedRatio(row, llm, p) : null]));
}
const json = { date: new Date().toISOString(), node: process.version, cores, cpu, loadAverage: load, gpt: GPT, results, ratios, targets: checks, notRun };
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "engine.json"), `${JSON.stringify(json, null, 2)}\n`);
console.log("wrote bench/results/engine.json");
