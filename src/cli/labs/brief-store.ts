// Store access for long-running commands (watch): open, do one thing, close — so other llmpath commands can run meanwhile.
import { isStoreError, openStore, type Store } from "../../store/index.ts";
import type { CliContext } from "../context.ts";

const RETRIES = 20;
const RETRY_MS = 250;

export class BriefStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: CliContext) {}

  /** Runs `fn` with a freshly opened store (retrying while another process holds the lock); one at a time. */
  use<T>(fn: (store: Store, learnerId: number) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.once(fn));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async once<T>(fn: (store: Store, learnerId: number) => Promise<T>): Promise<T> {
    let store: Store | undefined;
    for (let i = 0; ; i++) {
      try {
        store = await openStore({ dataDir: this.ctx.options.dataDir, databaseUrl: this.ctx.io.env.DATABASE_URL });
        break;
      } catch (e) {
        if (!(isStoreError(e) && e.code === "locked") || i >= RETRIES) throw e;
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
    try {
      return await fn(store, (await store.ensureLearner("local")).id);
    } finally {
      await store.close();
    }
  }
}
