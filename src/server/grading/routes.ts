// Lab attempts in multi-user mode: the code is queued for `llmpath worker` (sandboxed grading) instead of graded in
// the web process. The POST waits a little for the verdict (so the page works unchanged) and otherwise answers 202
// with the job id, which the page polls at GET /api/labs/:id/attempts/:job.
import type { Hono } from "hono";
import type { GradingJobView } from "../auth/grading-queue-type.ts";
import { type AppDeps, apiError, jsonBody } from "../deps.ts";
import { MAX_CODE_BYTES } from "../routes/labs.ts";

/** How long the POST waits for a worker's verdict before answering 202 (LLMPATH_GRADE_WAIT_MS overrides it). */
export const WAIT_MS = 20_000;
const POLL_MS = 200;

export function gradingRoutes(app: Hono, deps: AppDeps, opts: { waitMs?: number } = {}): void {
  const queue = deps.multiUser?.grading;
  if (!queue) return;
  const fromEnv = Number(process.env.LLMPATH_GRADE_WAIT_MS);
  const waitMs = opts.waitMs ?? (process.env.LLMPATH_GRADE_WAIT_MS && Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : WAIT_MS);

  app.post("/api/labs/:id/attempts", async (c) => {
    const lab = deps.curriculum.labs.get(c.req.param("id"));
    if (!lab) return apiError(c, 404, "unknown_lab", { id: c.req.param("id") });
    const body = await jsonBody(c);
    if (!body || typeof body.code !== "string") return apiError(c, 400, "code_missing");
    if (Buffer.byteLength(body.code) > MAX_CODE_BYTES) return apiError(c, 400, "code_too_large", { limit: MAX_CODE_BYTES });
    const learnerId = deps.learnerId;
    await deps.store.setSetting(learnerId, `web.labCode.${lab.id}`, body.code);
    const jobId = await queue.enqueue(learnerId, lab.id, body.code);
    const wait = c.req.query("wait") === "0" ? 0 : waitMs;
    const deadline = Date.now() + wait;
    const poll = `/api/labs/${lab.id}/attempts/${jobId}`;
    for (;;) {
      const job = await queue.get(learnerId, jobId);
      if (job?.state === "done" || job?.state === "failed") return c.json(reply(lab, job, poll));
      if (Date.now() >= deadline) return c.json({ lab: lab.id, jobId, state: job?.state ?? "queued", poll }, 202);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });

  app.get("/api/labs/:id/attempts/:job", async (c) => {
    const job = await queue.get(deps.learnerId, c.req.param("job"));
    const lab = deps.curriculum.labs.get(c.req.param("id"));
    // another learner's job id answers exactly like an unknown one
    if (!job || !lab || job.labId !== lab.id) return apiError(c, 404, "unknown_job", { id: c.req.param("job") });
    return c.json(reply(lab, job, c.req.path));
  });
}

/** One shape for the finished POST and for every poll: the job, plus the lab status and PyTorch code once it passed. */
function reply(lab: { id: string; pytorch: string | null }, job: GradingJobView, poll: string) {
  const passed = job.state === "done" && job.verdict === "pass";
  return {
    lab: lab.id,
    jobId: job.id,
    id: job.id,
    labId: job.labId,
    state: job.state,
    attemptId: job.attemptId,
    verdict: job.verdict,
    result: job.result,
    status: passed ? "passed" : "attempted",
    pytorch: passed ? lab.pytorch : null,
    poll,
  };
}
