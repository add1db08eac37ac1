// Reads a process's resident memory (RSS) and address-space size in MiB; /proc on Linux, `ps` elsewhere.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const hasProc = process.platform === "linux";

export interface MemorySample {
  /** Resident set size, MiB: memory actually in use. */
  rssMb: number;
  /** Virtual size, MiB: reserved address space, including allocations never written to. */
  vmMb: number;
}

/** Memory of `pid`, or undefined if the process is gone. */
export function readMemory(pid: number): MemorySample | undefined {
  try {
    if (hasProc) {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      const vm = /VmSize:\s+(\d+)\s+kB/.exec(status);
      return rss && vm ? { rssMb: Number(rss[1]) / 1024, vmMb: Number(vm[1]) / 1024 } : undefined;
    }
    const out = execFileSync("ps", ["-o", "rss=,vsz=", "-p", String(pid)], { encoding: "utf8" }).trim();
    if (out === "") return undefined;
    const [rss, vsz] = out.split(/\s+/).map(Number);
    return { rssMb: rss! / 1024, vmMb: vsz! / 1024 };
  } catch {
    return undefined;
  }
}

/** How often to sample: cheap on Linux, a process spawn elsewhere. */
export const MEMORY_POLL_MS = hasProc ? 25 : 250;

/**
 * Growth of reserved address space (beyond the memory limit) treated as a memory bomb. Large typed arrays are
 * zero pages until written, so a loop allocating them barely moves RSS but reserves ~60 GB/s; a WebAssembly
 * memory reserves ~10 GB, so this leaves room for two or three.
 */
export const ADDRESS_SPACE_SLACK_MB = 32 * 1024;
