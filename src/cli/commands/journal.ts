// `llmpath journal`: papers read experiments-first (with BibTeX import) and open-source contributions.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { LearnerError } from "../../learner/errors.ts";
import { type PaperNotes, READING_TEMPLATE, missingNotes, papersFromBibtex, parseContributionStatus, validateContribution, validatePaper } from "../../learner/journal.ts";
import { type PaperRow, addContribution, addPapers, getPaper, listContributions, listPapers, setContributionStatus, updatePaperNotes } from "../../store/learner-repo.ts";
import type { CliContext } from "../context.ts";
import { localised, now } from "./_learner.ts";

/** CLI flag for each template field. */
const FLAG: Record<(typeof READING_TEMPLATE)[number], string> = { setup: "setup", results: "results", baselineDelta: "baseline", innovation: "innovation", reproduce: "reproduce" };

function parseId(value: string, list: string): number {
  if (!/^#?\d+$/.test(value.trim())) throw new LearnerError("id.invalid", { value, list });
  return Number(value.trim().replace("#", ""));
}

function showPaper(c: CliContext, p: PaperRow): void {
  c.out(`#${p.id} ${p.title}`);
  c.out(`   ${[p.venue, p.year, p.oral ? "oral" : null].filter(Boolean).join(" · ")}${p.link ? `  ${p.link}` : ""}${p.tags.length ? `  [${p.tags.join(", ")}]` : ""}`);
  c.out(c.t("journal.template"));
  for (const f of READING_TEMPLATE) {
    c.out(c.t(`journal.field.${f}`));
    c.out(p.notes[f]?.trim() ? `   ${p.notes[f]}` : c.t("journal.fieldEmpty", { id: p.id, flag: FLAG[f] }));
  }
}

export function register(program: Command, ctx: () => CliContext): void {
  const journal = program.command("journal").description("papers you read (experiments first) and your open-source contributions");
  const thisYear = (c: CliContext) => now(c).getFullYear();

  journal
    .command("add <title>")
    .description("add a paper")
    .option("--venue <venue>", "e.g. NeurIPS, ICLR")
    .option("--year <year>", "publication year")
    .option("--oral", "it was an oral presentation")
    .option("--link <url>", "where to read it")
    .option("--tags <list>", "comma-separated tags")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, title: string, o: { venue?: string; year?: string; oral?: boolean; link?: string; tags?: string; json?: boolean }) => {
        const paper = validatePaper({ title, venue: o.venue, year: o.year ?? null, oral: o.oral, link: o.link, tags: o.tags?.split(",") }, thisYear(c));
        const { added } = await addPapers(await c.store(), await c.learnerId(), [{ ...paper, notes: {} }]);
        if (o.json) return c.json(added[0]);
        c.out(c.t("journal.added", { id: added[0]!.id, title: added[0]!.title }));
      }),
    );

  journal
    .command("import <file>")
    .description("import papers from a BibTeX file (all or nothing)")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, file: string, o: { json?: boolean }) => {
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch (e) {
          throw new LearnerError("journal.fileUnreadable", { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
        }
        const papers = papersFromBibtex(text, file, thisYear(c)).map((p) => ({ ...p, notes: {} }));
        const { added, skipped } = await addPapers(await c.store(), await c.learnerId(), papers);
        if (o.json) return c.json({ added, skipped });
        c.out(c.t("journal.imported", { added: added.length, file }));
        if (skipped.length) c.out(c.t("journal.skipped", { count: skipped.length, keys: skipped.join(", ") }));
      }),
    );

  journal
    .command("list")
    .description("list your papers")
    .option("--tag <tag>", "only papers with this tag")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, o: { tag?: string; json?: boolean }) => {
        const all = await listPapers(await c.store(), await c.learnerId());
        const papers = o.tag ? all.filter((p) => p.tags.includes(o.tag!.trim().toLowerCase())) : all;
        if (o.json) return c.json(papers);
        if (!papers.length) return c.out(c.t("journal.empty"));
        for (const p of papers)
          c.out(c.t("journal.paperLine", { id: p.id, title: p.title, venue: p.venue ?? "", year: p.year ?? "", oral: p.oral ? c.t("journal.oral") : "", filled: READING_TEMPLATE.length - missingNotes(p.notes).length }));
      }),
    );

  journal
    .command("show <id>")
    .description("show a paper with its reading template")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, id: string, o: { json?: boolean }) => {
        const n = parseId(id, "llmpath journal list");
        const p = await getPaper(await c.store(), await c.learnerId(), n);
        if (!p) throw new LearnerError("journal.paperNotFound", { id: n });
        if (o.json) return c.json({ ...p, missing: missingNotes(p.notes) });
        showPaper(c, p);
      }),
    );

  journal
    .command("note <id>")
    .description("fill in the reading template: setup → results → baseline delta → innovation → reproduction")
    .option("--setup <text>", "data, model size, compute, baselines")
    .option("--results <text>", "the main results, with numbers")
    .option("--baseline <text>", "what changed vs the baseline")
    .option("--innovation <text>", "the claimed innovation")
    .option("--reproduce <text>", "how to reproduce it")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, id: string, o: Record<string, string | boolean | undefined>) => {
        const n = parseId(id, "llmpath journal list");
        const changes: PaperNotes = {};
        for (const f of READING_TEMPLATE) {
          const v = o[FLAG[f]];
          if (typeof v === "string") changes[f] = v.trim();
        }
        if (!Object.keys(changes).length) throw new LearnerError("journal.noNotes");
        const store = await c.store();
        const learnerId = await c.learnerId();
        const p = await getPaper(store, learnerId, n);
        if (!p) throw new LearnerError("journal.paperNotFound", { id: n });
        const notes = Object.fromEntries(Object.entries({ ...p.notes, ...changes }).filter(([, v]) => typeof v === "string" && v.length > 0)) as Record<string, string>;
        const updated = (await updatePaperNotes(store, learnerId, n, notes))!;
        if (o.json) return c.json({ ...updated, missing: missingNotes(updated.notes) });
        c.out(c.t("journal.noteSaved", { id: n, missing: missingNotes(updated.notes).length }));
      }),
    );

  const contrib = journal.command("contrib").description("open-source contributions: model cards, features, bug fixes, discussions");
  contrib
    .command("add <project>")
    .description("record a contribution")
    .requiredOption("--kind <kind>", "model_card, feature, bug_fix or discussion")
    .option("--link <url>", "the pull request, issue or discussion")
    .option("--status <status>", "planned, in_progress, submitted, merged or closed", "planned")
    .option("--note <text>", "a short note")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, project: string, o: { kind: string; link?: string; status?: string; note?: string; json?: boolean }) => {
        const v = validateContribution({ project, kind: o.kind, link: o.link, status: o.status, note: o.note });
        const row = await addContribution(await c.store(), await c.learnerId(), v);
        if (o.json) return c.json(row);
        c.out(c.t("journal.contribAdded", { id: row.id, project: row.project, kind: c.t(`journal.kind.${row.kind}`), status: row.status }));
      }),
    );
  contrib
    .command("list")
    .description("list your contributions")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, o: { json?: boolean }) => {
        const rows = await listContributions(await c.store(), await c.learnerId());
        if (o.json) return c.json(rows);
        if (!rows.length) return c.out(c.t("journal.contribEmpty"));
        for (const r of rows) c.out(c.t("journal.contribLine", { id: r.id, project: r.project, kind: c.t(`journal.kind.${r.kind}`), status: r.status, link: r.link ? `  ${r.link}` : "" }));
      }),
    );
  contrib
    .command("set <id>")
    .description("update a contribution's status")
    .requiredOption("--status <status>", "planned, in_progress, submitted, merged or closed")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, id: string, o: { status: string; json?: boolean }) => {
        const n = parseId(id, "llmpath journal contrib list");
        const status = parseContributionStatus(o.status);
        const row = await setContributionStatus(await c.store(), await c.learnerId(), n, status);
        if (!row) throw new LearnerError("journal.contribNotFound", { id: n });
        if (o.json) return c.json(row);
        c.out(c.t("journal.contribUpdated", { id: n, status }));
      }),
    );
}
