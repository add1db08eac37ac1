// A small BibTeX reader: @type{key, field = {braced} | "quoted" | number | macro # "concat"}, comments and @string.
// Malformed input is a LearnerError naming the line and what was expected; nothing is returned half-parsed.
import { LearnerError } from "./errors.ts";

export interface BibEntry {
  type: string;
  key: string;
  /** field names lower-cased; values with outer braces removed and whitespace collapsed */
  fields: Record<string, string>;
  line: number;
}

const MONTHS: Record<string, string> = { jan: "1", feb: "2", mar: "3", apr: "4", may: "5", jun: "6", jul: "7", aug: "8", sep: "9", oct: "10", nov: "11", dec: "12" };

export function parseBibtex(text: string, file = "input"): BibEntry[] {
  let i = 0;
  const lineAt = (pos: number) => text.slice(0, pos).split("\n").length;
  const fail = (what: string, pos = i): never => {
    throw new LearnerError("bibtex.malformed", { file, line: lineAt(pos), problem: what });
  };
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const ident = (what: string) => {
    skipWs();
    const m = /^[A-Za-z0-9_:.\-+/'*&?!]+/.exec(text.slice(i));
    if (!m) fail(`expected ${what}`);
    i += m![0].length;
    return m![0];
  };
  const braced = () => {
    const start = i;
    let depth = 0;
    for (; i < text.length; i++) {
      if (text[i] === "\\") {
        i++;
        continue;
      }
      if (text[i] === "{") depth++;
      else if (text[i] === "}" && --depth === 0) {
        i++;
        return text.slice(start + 1, i - 1);
      }
    }
    return fail("unclosed { in a field value", start);
  };
  const quoted = () => {
    const start = i++;
    let depth = 0;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === "\\") i++;
      else if (ch === "{") depth++;
      else if (ch === "}") depth--;
      else if (ch === '"' && depth === 0) {
        i++;
        return text.slice(start + 1, i - 1);
      }
    }
    return fail('unclosed " in a field value', start);
  };
  const strings: Record<string, string> = { ...MONTHS };
  const value = (): string => {
    const parts: string[] = [];
    for (;;) {
      skipWs();
      const ch = text[i];
      if (ch === "{") parts.push(braced());
      else if (ch === '"') parts.push(quoted());
      else if (ch !== undefined && /\d/.test(ch)) {
        const digits = /^\d+/.exec(text.slice(i))![0];
        parts.push(digits);
        i += digits.length;
      } else {
        const name = ident("a field value ({...}, \"...\", a number or a @string name)").toLowerCase();
        if (!(name in strings)) fail(`unknown @string macro "${name}"`);
        parts.push(strings[name]!);
      }
      skipWs();
      if (text[i] !== "#") break;
      i++;
    }
    return parts.join("");
  };
  const clean = (v: string) => v.replace(/[{}]/g, "").replace(/\\&/g, "&").replace(/\s+/g, " ").trim();

  const entries: BibEntry[] = [];
  const keys = new Set<string>();
  while (i < text.length) {
    const at = text.indexOf("@", i);
    if (at < 0) break;
    i = at + 1;
    const entryStart = at;
    const type = ident("an entry type after @").toLowerCase();
    skipWs();
    const open = text[i];
    if (open !== "{" && open !== "(") fail(`expected { after @${type}`);
    const close = open === "{" ? "}" : ")";
    if (type === "comment") {
      if (open === "{") braced();
      else i = text.indexOf(")", i) < 0 ? text.length : text.indexOf(")", i) + 1;
      continue;
    }
    i++;
    if (type === "preamble") {
      value();
      skipWs();
      if (text[i] !== close) fail(`expected ${close} to close @preamble`);
      i++;
      continue;
    }
    if (type === "string") {
      const name = ident("a @string name").toLowerCase();
      skipWs();
      if (text[i] !== "=") fail(`expected = after @string ${name}`);
      i++;
      strings[name] = value();
      skipWs();
      if (text[i] !== close) fail(`expected ${close} to close @string`);
      i++;
      continue;
    }
    skipWs();
    const key = ident(`a citation key after @${type}{`);
    if (keys.has(key)) fail(`duplicate citation key "${key}"`, entryStart);
    keys.add(key);
    const fields: Record<string, string> = {};
    for (;;) {
      skipWs();
      if (text[i] === close) {
        i++;
        break;
      }
      if (text[i] !== ",") fail(`expected , or ${close} in entry "${key}"`);
      i++;
      skipWs();
      if (text[i] === close) {
        i++;
        break;
      }
      if (i >= text.length) fail(`entry "${key}" is not closed with ${close}`, entryStart);
      const name = ident(`a field name in entry "${key}"`).toLowerCase();
      skipWs();
      if (text[i] !== "=") fail(`expected = after field "${name}" in entry "${key}"`);
      i++;
      fields[name] = clean(value());
    }
    entries.push({ type, key, fields, line: lineAt(entryStart) });
  }
  if (!entries.length) throw new LearnerError("bibtex.empty", { file });
  return entries;
}
