// bench/engine.ts: turns the peers' results into rows, speed ratios llmpath/peer, target verdicts and the printed table.
import { GPT, MATMUL_SIZES, type PeerResult } from "./common.ts";

export interface Row {
  key: string;
  label: string;
  unit: "GFLOPS" | "ms" | "tokens/s";
  /** The absolute figure shown for a peer (higher is better for GFLOPS and tokens/s, lower for ms). */
  value: (r: PeerResult) => number | null;
  /** Milliseconds used for the ratio (speed ratio = peer ms / llmpath ms). */
  ms: (r: PeerResult) => number | null;
}

const gflops = (n: number, ms: number | null | undefined) => (ms ? (2 * n ** 3) / (ms * 1e6) : null);
const tokens = GPT.batch * GPT.blockSize;

export const ROWS: Row[] = [
  ...MATMUL_SIZES.map((n): Row => ({ key: `matmul${n}`, label: `matmul ${n}×${n}`, unit: "GFLOPS", value: (r) => gflops(n, r.matmulMs[n]), ms: (r) => r.matmulMs[n] ?? null })),
  { key: "matmul1024x1", label: "matmul 1024, 1 thread", unit: "GFLOPS", value: (r) => gflops(1024, r.matmul1024OneThreadMs ?? (r.threads === "1" ? r.matmulMs[1024] : null)), ms: (r) => r.matmul1024OneThreadMs ?? (r.threads === "1" ? (r.matmulMs[1024] ?? null) : null) },
  { key: "attention", label: "causal attn B1 H8 T256 D64", unit: "ms", value: (r) => r.attentionMs, ms: (r) => r.attentionMs },
  { key: "mlp", label: "MLP 784-256-10 Adam step", unit: "ms", value: (r) => r.mlpStepMs, ms: (r) => r.mlpStepMs },
  { key: "gpt", label: "tiny GPT step", unit: "tokens/s", value: (r) => (r.gptStepMs ? (tokens * 1000) / r.gptStepMs : null), ms: (r) => r.gptStepMs },
  { key: "svd", label: "svd 768×768", unit: "ms", value: (r) => r.svdMs, ms: (r) => r.svdMs },
];

/** llmpath's speed relative to a peer on one row: peer time / llmpath time (> 1: llmpath is faster). */
export function speedRatio(row: Row, llm: PeerResult, peer: PeerResult): number | null {
  const a = row.ms(llm);
  const b = row.ms(peer);
  return a && b ? b / a : null;
}

export interface Verdict {
  target: string;
  measured: number | null;
  goal: number;
  met: boolean | null;
}

/** The targets, checked against this run. */
export function verdicts(results: PeerResult[], cores: number): Verdict[] {
  const llm = results.find((r) => r.peer === "llmpath");
  const by = (p: string) => results.find((r) => r.peer === p);
  const ratio = (key: string, peer: string) => {
    const row = ROWS.find((r) => r.key === key)!;
    const p = by(peer);
    return llm && p ? speedRatio(row, llm, p) : null;
  };
  const out: Verdict[] = [];
  const add = (target: string, measured: number | null, goal: number) => out.push({ target, measured, goal, met: measured === null ? null : measured >= goal });
  // tfjs-wasm runs single-threaded in Node, so its matmul 1024 figure is the one-thread reference.
  const wasm = by("tfjs-wasm");
  const oneT = llm?.matmul1024OneThreadMs ?? null;
  add("matmul 1024, one thread ≥ 0.9× tfjs-wasm", oneT && wasm?.matmulMs[1024] ? wasm.matmulMs[1024] / oneT : null, 0.9);
  if (cores >= 2) add(`matmul 1024, ${cores} threads ≥ 1.7× one thread`, oneT && llm?.matmulMs[1024] ? oneT / llm.matmulMs[1024] : null, 1.7);
  add("causal attention forward ≥ 3× tfjs-wasm", ratio("attention", "tfjs-wasm"), 3);
  add("MLP training step (Adam) ≥ 3× tfjs-wasm", ratio("mlp", "tfjs-wasm"), 3);
  add("tiny GPT training step ≥ 2× tfjs-wasm", ratio("gpt", "tfjs-wasm"), 2);
  add("svd 768 within 5× of numpy (ratio ≥ 0.2)", ratio("svd", "numpy"), 0.2);
  return out;
}

const fmtNum = (x: number | null) => (x === null ? "—" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRatio = (x: number | null) => (x === null ? "" : `${x.toFixed(2)}×`);

/** The printed table: one line per workload, llmpath's figure, then each peer's figure and llmpath/peer. */
export function table(results: PeerResult[]): string {
  const llm = results.find((r) => r.peer === "llmpath");
  const peers = results.filter((r) => r.peer !== "llmpath");
  const head = ["workload", "unit", "llmpath", ...peers.flatMap((p) => [p.peer, "ratio"])];
  const lines = ROWS.map((row) => [
    row.label,
    row.unit,
    fmtNum(llm ? row.value(llm) : null),
    ...peers.flatMap((p) => [fmtNum(row.value(p)), llm ? fmtRatio(speedRatio(row, llm, p)) : ""]),
  ]);
  const all = [head, ...lines];
  const widths = head.map((_, c) => Math.max(...all.map((l) => l[c].length)));
  return all.map((l) => l.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n");
}
