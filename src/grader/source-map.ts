// Maps stack traces from the bundle back to the original files (learner, lab tests, engine) via the source map.
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface Frame {
  fn?: string;
  location?: Location;
  /** The raw frame text when it could not be mapped (Node internals, eval). */
  raw?: string;
}

const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

export class BundleMap {
  private readonly map: SourceMap;
  private readonly bundleDir: string;

  constructor(
    mapJson: string,
    private readonly bundlePath: string,
  ) {
    this.map = new SourceMap(JSON.parse(mapJson));
    this.bundleDir = path.dirname(bundlePath);
  }

  /** Original location of a 1-based line/column in the bundle, if it came from a source file. */
  locate(line: number, column: number): Location | undefined {
    const entry = this.map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry || entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const source = entry.originalSource.startsWith("file://") ? fileURLToPath(entry.originalSource) : path.resolve(this.bundleDir, entry.originalSource);
    return { file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  }

  /** Parses a V8 stack and maps each bundle frame; the first line (the message) is dropped. */
  frames(stack: string | undefined): Frame[] {
    if (!stack) return [];
    const out: Frame[] = [];
    for (const line of stack.split("\n")) {
      const m = FRAME.exec(line);
      if (!m) continue;
      const [, fn, file, l, c] = m;
      const isBundle = file === this.bundlePath || file === `file://${this.bundlePath}` || (file!.startsWith("file://") && safePath(file!) === this.bundlePath);
      if (!isBundle) {
        out.push({ raw: line.trim(), ...(fn ? { fn } : {}) });
        continue;
      }
      const location = this.locate(Number(l), Number(c));
      const name = fn ? cleanName(fn) : undefined;
      out.push(location ? { location, ...(name ? { fn: name } : {}) } : { raw: line.trim() });
    }
    return out;
  }
}

function safePath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

/** esbuild may suffix a renamed function (`add2`); V8 adds `async ` or `Object.`; keep the readable part. */
function cleanName(fn: string): string | undefined {
  // esbuild renames top-level classes it wraps (`_Tensor`); show the name the author wrote.
  const name = fn.replace(/^async /, "").replace(/^_(?=[A-Z])/, "");
  // V8's guesses for callbacks passed to test()/describe() ("Object.fn", "test.taskId [as fn]") only confuse.
  return /\[as fn\]$|^Object\.fn$/.test(name) ? undefined : name;
}

/** `at fn (file:line:col)` with `file` shown relative to `base` when inside it. */
export function formatFrame(frame: Frame, display: (file: string) => string): string {
  if (!frame.location) return `    at ${frame.raw ?? "<unknown>"}`;
  const where = `${display(frame.location.file)}:${frame.location.line}:${frame.location.column}`;
  return frame.fn ? `    at ${frame.fn} (${where})` : `    at ${where}`;
}
