// The rotation logs of the SVD kernel's QR iteration (svd-kernel.ts): rotations for U and for V are recorded while
// the iteration runs on the bidiagonal alone, then replayed (SvdLoops.replay) a cache-sized block of rows at a time.
import { PAIR, type ReplayTask, SWEEP, type SvdLoops } from "./svd-loops.ts";

/** Replays apply a log to a block of rows that stays in cache (about 512 KiB of the matrix) before moving on. */
const REPLAY_BLOCK_VALUES = 65536;

/** Rotations recorded for a matrix (U or V) and applied later, row block by row block (see replay in svd-loops.ts). */
export class RotationLog {
  end: number;
  constructor(
    private readonly L: SvdLoops,
    private readonly h: Float64Array,
    readonly start: number,
    private readonly cap: number,
    private readonly buf: number,
    private readonly ld: number,
    private readonly cols: number,
    private readonly scratch: number,
  ) {
    this.end = start;
  }
  /** Make room for `values` more entries, replaying what is recorded when the log is full. */
  private reserve(values: number): void {
    if (this.end + values > this.start + this.cap) this.flush();
  }
  /** Open a sweep of at most `max` rotations: returns where its (c, s) pairs go, two values per rotation. */
  openSweep(max: number): number {
    this.reserve(3 + 2 * max);
    return this.end + 3;
  }
  /** Record the sweep opened at `coef` as `count` rotations on columns (k + r, k + r + 1); none records nothing. */
  closeSweep(coef: number, k: number, count: number): void {
    if (count === 0) return;
    const q = coef - 3;
    this.h[q] = SWEEP;
    this.h[q + 1] = k;
    this.h[q + 2] = count;
    this.end = coef + 2 * count;
  }
  pair(j1: number, j2: number, c: number, s: number): void {
    this.reserve(5);
    const h = this.h;
    const q = this.end;
    h[q] = PAIR;
    h[q + 1] = j1;
    h[q + 2] = j2;
    h[q + 3] = c;
    h[q + 4] = s;
    this.end = q + 5;
  }
  /** The replays that apply this log: one per block of rows (they touch disjoint rows, so may run at once). */
  tasks(): ReplayTask[] {
    const out: ReplayTask[] = [];
    if (this.end === this.start) return out;
    const rows = this.ld;
    const block = Math.max(8, Math.floor(REPLAY_BLOCK_VALUES / this.cols) & ~7);
    for (let r0 = 0; r0 < rows; r0 += block) out.push({ buf: this.buf, ld: this.ld, r0, r1: Math.min(rows, r0 + block), log0: this.start, log1: this.end });
    return out;
  }
  /** Apply every recorded rotation to the matrix and empty the log. */
  flush(): void {
    flushLogs(this.L, this.h, this.scratch, [this]);
  }
}

/** Apply and empty several logs (of different matrices) together, so their replays can share the threads. */
export function flushLogs(L: SvdLoops, h: Float64Array, scratch: number, logs: readonly RotationLog[]): void {
  const tasks = logs.flatMap((l) => l.tasks());
  if (tasks.length > 0) L.replayAll(h, tasks, scratch);
  for (const l of logs) l.end = l.start;
}
