// The test process: a plain `node` started ahead of time, told which bundle to run, watched for time and memory.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { ChildMessage, Envelope } from "./protocol.ts";
import { NONCE_ENV } from "./protocol.ts";
import { ADDRESS_SPACE_SLACK_MB, MEMORY_POLL_MS, readMemory } from "./rss.ts";

/**
 * Waits for `{url}` over IPC, then imports that bundle; IPC then stops keeping the process alive. A watchdog
 * thread kills the process if the grader dies (its parent pid changes), even while lab code spins in a loop.
 */
const BOOTSTRAP = [
  "import { Worker } from 'node:worker_threads';",
  "const watchdog = `const ppid = process.ppid; setInterval(() => { if (process.ppid !== ppid) process.kill(process.pid, 'SIGKILL'); }, 200);`;",
  "new Worker(watchdog, { eval: true }).unref();",
  "process.once('message', (m) => {",
  "  process.channel && process.channel.unref();",
  "  import(m.url).catch((e) => { process.stderr.write('bundle failed: ' + ((e && e.stack) || e) + '\\n'); process.exitCode = 70; });",
  "});",
].join("\n");

const STREAM_LIMIT = 16_384;

export type RunEnd = "done" | "timeout" | "memory" | "crash";

export interface RawRun {
  end: RunEnd;
  plan?: Extract<ChildMessage, { t: "plan" }>;
  results: Map<number, Extract<ChildMessage, { t: "result" }>>;
  /** Index of the test that was running when the run ended, if any. */
  current?: number;
  doneOutput?: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
  peakRssMb: number;
  /** Set when reserved address space (untouched allocations) rather than RSS tripped the memory limit, MiB. */
  reservedMb?: number;
  /** Set when the V8 heap limit (rather than the RSS watch) stopped the process. */
  heapOom: boolean;
  spawnError?: string;
}

export interface SpawnOptions {
  memoryLimitMb: number;
  /** Directories the process may read (the bundle's folder, the engine's folder). */
  readDirs: string[];
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/** A started node process waiting for one bundle to run. Use once. */
export class TestProcess {
  private readonly child: ChildProcess;
  private readonly nonce = randomBytes(16).toString("hex");
  private stdout = "";
  private stderr = "";
  private spawnError?: string;
  private exited = false;
  private used = false;

  constructor(private readonly options: SpawnOptions) {
    installExitHook();
    const heapMb = Math.max(16, Math.floor(options.memoryLimitMb));
    const args = [
      `--max-old-space-size=${heapMb}`,
      "--stack-trace-limit=50",
      "--experimental-permission",
      "--allow-worker",
      ...options.readDirs.map((d) => `--allow-fs-read=${d}`),
      "--disable-warning=ExperimentalWarning",
      "--input-type=module",
      "-e",
      BOOTSTRAP,
    ];
    // A minimal environment: lab code sees no secrets of the caller, and no NODE_OPTIONS loaders.
    const env: NodeJS.ProcessEnv = { [NONCE_ENV]: this.nonce, LANG: process.env.LANG ?? "C.UTF-8", TZ: "UTC" };
    this.child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe", "ipc"], env, serialization: "json" });
    live.add(this.child);
    this.child.stdout?.setEncoding("utf8").on("data", (s: string) => {
      if (this.stdout.length < STREAM_LIMIT) this.stdout += s.slice(0, STREAM_LIMIT - this.stdout.length);
    });
    this.child.stderr?.setEncoding("utf8").on("data", (s: string) => {
      if (this.stderr.length < STREAM_LIMIT) this.stderr += s.slice(0, STREAM_LIMIT - this.stderr.length);
    });
    this.child.on("error", (e) => {
      this.spawnError = e.message;
    });
    this.child.once("exit", () => {
      this.exited = true;
    });
    this.child.once("close", () => live.delete(this.child));
  }

  /** True while the process is still waiting to be given a bundle. */
  get usable(): boolean {
    return !this.used && !this.exited && this.spawnError === undefined;
  }

  kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }

  /** Runs the bundle at `bundlePath` under the limits; always resolves, and the process is gone afterwards. */
  run(bundlePath: string, timeLimitMs: number): Promise<RawRun> {
    if (this.used) throw new Error("TestProcess.run: a test process runs one bundle only");
    this.used = true;
    const child = this.child;
    const raw: RawRun = { end: "crash", results: new Map(), exitCode: null, signal: null, stderr: "", stdout: "", peakRssMb: 0, heapOom: false };
    return new Promise<RawRun>((resolve) => {
      let ended: RunEnd | undefined;
      const stop = (why: RunEnd): void => {
        if (ended !== undefined) return;
        ended = why;
        child.kill("SIGKILL");
      };
      const timer = setTimeout(() => stop("timeout"), timeLimitMs);
      const sample = () => (child.pid === undefined ? undefined : readMemory(child.pid));
      const baselineVm = sample()?.vmMb ?? 0;
      const poll = setInterval(() => {
        const mem = sample();
        if (mem === undefined) return;
        raw.peakRssMb = Math.max(raw.peakRssMb, mem.rssMb);
        if (mem.rssMb > this.options.memoryLimitMb) stop("memory");
        else if (mem.vmMb - baselineVm > this.options.memoryLimitMb + ADDRESS_SPACE_SLACK_MB) {
          raw.reservedMb = mem.vmMb - baselineVm;
          stop("memory");
        }
      }, MEMORY_POLL_MS);
      child.on("message", (m: unknown) => {
        const msg = m as Partial<Envelope> | null;
        if (ended !== undefined || !msg || msg.nonce !== this.nonce) return;
        const message = msg as Envelope;
        if (message.t === "plan") raw.plan = message;
        else if (message.t === "start") raw.current = message.i;
        else if (message.t === "result") {
          raw.results.set(message.i, message);
          raw.current = undefined;
        } else if (message.t === "done") {
          raw.doneOutput = message.output;
          const mem = sample();
          if (mem !== undefined) raw.peakRssMb = Math.max(raw.peakRssMb, mem.rssMb);
          stop("done");
        }
      });
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(timer);
        clearInterval(poll);
        raw.exitCode = code;
        raw.signal = signal;
        raw.stdout = this.stdout;
        raw.stderr = this.stderr;
        raw.heapOom = /heap out of memory|Reached heap limit|Allocation failed - JavaScript heap/i.test(this.stderr);
        raw.end = ended ?? (raw.heapOom ? "memory" : "crash");
        if (this.spawnError !== undefined) raw.spawnError = this.spawnError;
        resolve(raw);
      };
      if (this.exited || this.spawnError !== undefined) {
        // Died before it was used (e.g. node could not start): report as a crash once streams close.
        if (child.exitCode !== null || child.signalCode !== null || this.spawnError !== undefined) {
          setImmediate(() => finish(child.exitCode, child.signalCode));
          return;
        }
      }
      child.once("close", finish);
      try {
        // If the process died meanwhile, the callback swallows the error and "close" reports the crash.
        child.send({ url: pathToFileURL(bundlePath).href }, (error) => {
          if (error) stop("crash");
        });
      } catch {
        stop("crash");
      }
    });
  }
}
