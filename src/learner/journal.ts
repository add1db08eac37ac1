// The journal: papers read with an experiments-first template, and open-source contributions. Validation and
// BibTeX → paper mapping live here; storage is the caller's.
import { type BibEntry, parseBibtex } from "./bibtex.ts";
import { LearnerError } from "./errors.ts";

/** Read a paper's experiments before its story: what was run, what came out, what changed, what is claimed, how to redo it. */
export const READING_TEMPLATE = ["setup", "results", "baselineDelta", "innovation", "reproduce"] as const;
export type TemplateField = (typeof READING_TEMPLATE)[number];
export type PaperNotes = Partial<Record<TemplateField, string>>;

export interface PaperInput {
  title: string;
  venue?: string | null;
  year?: number | string | null;
  oral?: boolean;
  link?: string | null;
  tags?: string[];
  bibkey?: string | null;
  notes?: PaperNotes;
}

export const CONTRIBUTION_KINDS = ["model_card", "feature", "bug_fix", "discussion"] as const;
export const CONTRIBUTION_STATUSES = ["planned", "in_progress", "submitted", "merged", "closed"] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

export interface ContributionInput {
  project: string;
  kind: string;
  link?: string | null;
  status?: string;
  note?: string | null;
}

const FIRST_YEAR = 1950;

function checkLink(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    const u = new URL(link);
    if (u.protocol === "http:" || u.protocol === "https:") return link;
  } catch {
    // fall through
  }
  throw new LearnerError("journal.linkInvalid", { value: link });
}

export function parseYear(value: string | number, thisYear: number): number {
  const y = typeof value === "number" ? value : /^\s*\d{4}\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(y) || y < FIRST_YEAR || y > thisYear + 1) throw new LearnerError("journal.yearInvalid", { value: String(value), max: thisYear + 1 });
  return y;
}

export function parseTags(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return [...new Set(list.map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

export type Paper = Required<Omit<PaperInput, "year">> & { year: number | null };

export function validatePaper(p: PaperInput, thisYear: number): Paper {
  const title = p.title.replace(/\s+/g, " ").trim();
  if (!title) throw new LearnerError("journal.titleMissing");
  return {
    title,
    venue: p.venue?.trim() || null,
    year: p.year === undefined || p.year === null ? null : parseYear(p.year, thisYear),
    oral: p.oral ?? false,
    link: checkLink(p.link),
    tags: parseTags(p.tags),
    bibkey: p.bibkey ?? null,
    notes: p.notes ?? {},
  };
}

export function validateContribution(c: ContributionInput): { project: string; kind: ContributionKind; link: string | null; status: ContributionStatus; note: string | null } {
  const project = c.project.trim();
  if (!project) throw new LearnerError("journal.projectMissing");
  const kind = c.kind.trim().toLowerCase().replace(/[- ]/g, "_");
  if (!(CONTRIBUTION_KINDS as readonly string[]).includes(kind)) throw new LearnerError("journal.kindInvalid", { value: c.kind, kinds: CONTRIBUTION_KINDS.join(", ") });
  return { project, kind: kind as ContributionKind, link: checkLink(c.link), status: parseContributionStatus(c.status ?? "planned"), note: c.note?.trim() || null };
}

export function parseContributionStatus(value: string): ContributionStatus {
  const s = value.trim().toLowerCase().replace(/[- ]/g, "_");
  if (!(CONTRIBUTION_STATUSES as readonly string[]).includes(s)) throw new LearnerError("journal.statusInvalid", { value, statuses: CONTRIBUTION_STATUSES.join(", ") });
  return s as ContributionStatus;
}

/** Words in a venue or note that mark an oral presentation. */
const ORAL = /\boral\b|口头报告/i;

/** Maps one BibTeX entry to a paper; the venue is the booktitle or journal, the link the url or the DOI. */
export function paperFromBib(e: BibEntry, thisYear: number): Paper {
  const f = e.fields;
  if (!f.title) throw new LearnerError("bibtex.noTitle", { key: e.key, line: e.line });
  const link = f.url || (f.doi ? `https://doi.org/${f.doi.replace(/^https?:\/\/(dx\.)?doi\.org\//, "")}` : f.eprint && /arxiv/i.test(f.archiveprefix ?? f.eprinttype ?? "") ? `https://arxiv.org/abs/${f.eprint}` : null);
  const venue = f.booktitle || f.journal || (f.archiveprefix ? f.archiveprefix : null) || null;
  let year: number | null = null;
  if (f.year) {
    try {
      year = parseYear(f.year, thisYear);
    } catch {
      throw new LearnerError("bibtex.badYear", { key: e.key, line: e.line, value: f.year });
    }
  }
  try {
    return validatePaper({ title: f.title, venue, year, link, oral: ORAL.test(`${f.note ?? ""} ${venue ?? ""}`), tags: parseTags(f.keywords), bibkey: e.key }, thisYear);
  } catch (err) {
    if (err instanceof LearnerError && err.code === "journal.linkInvalid") throw new LearnerError("bibtex.badLink", { key: e.key, line: e.line, value: link ?? "" });
    throw err;
  }
}

/** Parses a whole .bib file into papers; any malformed entry fails the whole import. */
export function papersFromBibtex(text: string, file: string, thisYear: number): Paper[] {
  return parseBibtex(text, file).map((e) => paperFromBib(e, thisYear));
}

/** Template fields still empty, in template order. */
export function missingNotes(notes: PaperNotes): TemplateField[] {
  return READING_TEMPLATE.filter((f) => !notes[f]?.trim());
}
