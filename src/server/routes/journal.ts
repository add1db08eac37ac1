// Journal API: papers read (with the reading-template notes) and open-source contributions.
import type { Hono } from "hono";
import { t as translate } from "../../i18n/index.ts";
import { LearnerError } from "../../learner/errors.ts";
import { CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, READING_TEMPLATE, parseContributionStatus, validateContribution, validatePaper } from "../../learner/journal.ts";
import { addContribution, addPapers, listContributions, listPapers, setContributionStatus } from "../../store/learner-repo.ts";
import { type AppDeps, apiError, jsonBody, nowOf } from "../deps.ts";
import "../messages.ts";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function journalRoutes(app: Hono, deps: AppDeps): void {
  const learnerFail = (e: unknown) => {
    if (!(e instanceof LearnerError)) throw e;
    const params = e.params as Record<string, string | number>;
    return { code: e.code, message: { en: translate("en", e.code, params), zh: translate("zh", e.code, params) } };
  };

  app.get("/api/journal", async (c) => {
    const [papers, contributions] = await Promise.all([listPapers(deps.store, deps.learnerId), listContributions(deps.store, deps.learnerId)]);
    return c.json({ papers, contributions, template: READING_TEMPLATE, kinds: CONTRIBUTION_KINDS, statuses: CONTRIBUTION_STATUSES });
  });

  app.post("/api/journal/papers", async (c) => {
    const b = await jsonBody(c);
    if (!b) return apiError(c, 400, "body_not_object");
    try {
      const notes = b.notes && typeof b.notes === "object" ? (b.notes as Record<string, string>) : {};
      const p = validatePaper({ title: str(b.title) ?? "", venue: str(b.venue) ?? null, year: str(b.year) || null, link: str(b.link) ?? null, tags: Array.isArray(b.tags) ? b.tags.map(String) : [], notes }, nowOf(deps).getFullYear());
      const { added } = await addPapers(deps.store, deps.learnerId, [p]);
      return c.json({ paper: added[0] ?? null });
    } catch (e) {
      return apiError(c, 422, "journal_invalid", learnerFail(e));
    }
  });

  app.post("/api/journal/contributions", async (c) => {
    const b = await jsonBody(c);
    if (!b) return apiError(c, 400, "body_not_object");
    try {
      const v = validateContribution({ project: str(b.project) ?? "", kind: str(b.kind) ?? "", link: str(b.link) || null, status: str(b.status), note: str(b.note) ?? null });
      return c.json({ contribution: await addContribution(deps.store, deps.learnerId, v) });
    } catch (e) {
      return apiError(c, 422, "journal_invalid", learnerFail(e));
    }
  });

  app.put("/api/journal/contributions/:id", async (c) => {
    const b = await jsonBody(c);
    try {
      const status = parseContributionStatus(str(b?.status) ?? "");
      const row = await setContributionStatus(deps.store, deps.learnerId, Number(c.req.param("id")), status);
      if (!row) return apiError(c, 404, "unknown_contribution", { id: c.req.param("id") });
      return c.json({ contribution: row });
    } catch (e) {
      return apiError(c, 422, "journal_invalid", learnerFail(e));
    }
  });
}
