// What every CLI command gets: language, output, the curriculum, and the store (opened lazily, closed once).
import { type Curriculum, CurriculumError, formatProblem, loadCurriculum } from "../curriculum/index.ts";
import { type Lang, t as translate } from "../i18n/index.ts";
import { type Store, StoreError, openStore } from "../store/index.ts";
import { UserError } from "./errors.ts";

/** How long a command waits for another llmpath process to release the embedded database. */
const LOCK_WAIT_MS = 3000;

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export interface GlobalOptions {
  lang: Lang;
  dataDir?: string;
  contentDir?: string;
}

export class CliContext {
  /** Set by a command that finished but must report failure (e.g. a check that found problems). */
  exitCode = 0;
  private storePromise?: Promise<Store>;
  private curriculumCache?: Curriculum;

  constructor(
    readonly io: CliIO,
    readonly options: GlobalOptions,
  ) {}

  get lang(): Lang {
    return this.options.lang;
  }

  t(key: string, params?: Record<string, string | number>): string {
    return translate(this.lang, key, params);
  }

  out(line = ""): void {
    this.io.out(line);
  }

  json(value: unknown): void {
    this.io.out(JSON.stringify(value, null, 2));
  }

  curriculum(): Curriculum {
    if (!this.curriculumCache) {
      try {
        this.curriculumCache = loadCurriculum(this.options.contentDir);
      } catch (e) {
        if (e instanceof CurriculumError) {
          const shown = e.problems.slice(0, 5).map((p) => `  ${formatProblem(p)}`);
          if (e.problems.length > shown.length) shown.push(`  … ${this.t("curriculum.more", { count: e.problems.length - shown.length })}`);
          throw new UserError([this.t("curriculum.broken"), ...shown].join("\n"));
        }
        throw e;
      }
    }
    return this.curriculumCache;
  }

  store(): Promise<Store> {
    this.storePromise ??= this.openWithRetry().catch((e: unknown) => {
      if (e instanceof StoreError) throw new UserError(e.message);
      throw e;
    });
    return this.storePromise;
  }

  /** Another llmpath process (e.g. `watch` recording an attempt) may hold the embedded database for a moment. */
  private async openWithRetry(): Promise<Store> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        return await openStore({ dataDir: this.options.dataDir, databaseUrl: this.io.env.DATABASE_URL });
      } catch (e) {
        if (!(e instanceof StoreError && e.code === "locked") || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  }

  async learnerId(): Promise<number> {
    const store = await this.store();
    return (await store.ensureLearner("local")).id;
  }

  async close(): Promise<void> {
    if (this.storePromise) {
      const store = await this.storePromise.catch(() => undefined);
      await store?.close();
    }
  }

  /** Returns the module or a UserError that names close matches. */
  module(id: string) {
    const c = this.curriculum();
    const m = c.modules.get(id);
    if (m) return m;
    const close = [...c.modules.keys()].filter((k) => k.includes(id) || id.includes(k) || levenshtein(k, id) <= 3);
    throw new UserError(this.t("module.unknown", { id, suggestions: close.length ? close.join(", ") : [...c.modules.keys()].slice(0, 6).join(", ") + ", …" }));
  }
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
