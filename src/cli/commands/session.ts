// `llmpath session start|stop|status|cancel`: time a study sitting instead of logging it afterwards.
import type { Command } from "commander";
import { MAX_LOG_MINUTES, formatMinutes } from "../../learner/duration.ts";
import { LearnerError } from "../../learner/errors.ts";
import { type ActiveSession, SESSION_KEY, clearSetting, isActiveSession, stopSession } from "../../store/learner-repo.ts";
import type { CliContext } from "../context.ts";
import { parseKind } from "./log.ts";
import { localised, now } from "./_learner.ts";

async function running(c: CliContext): Promise<ActiveSession | undefined> {
  const store = await c.store();
  const v = await store.getSetting(await c.learnerId(), SESSION_KEY);
  return isActiveSession(v) ? v : undefined;
}

const elapsed = (s: ActiveSession, at: Date) => Math.round((at.getTime() - Date.parse(s.startedAt)) / 60_000);
const shown = (c: CliContext, s: ActiveSession) => ({ since: new Date(s.startedAt).toLocaleString(c.lang === "zh" ? "zh-CN" : "en-GB"), kind: c.t(`log.kind.${s.kind}`), module: s.moduleId ?? "—" });

export function register(program: Command, ctx: () => CliContext): void {
  const session = program.command("session").description("time a study session: start, stop, status, cancel");

  session
    .command("start")
    .description("start timing a study session")
    .requiredOption("--module <id>", "the module you are studying")
    .option("--kind <kind>", "reading, lab, review or project", "reading")
    .option("--note <text>", "a short note")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, opts: { module: string; kind: string; note?: string; json?: boolean }) => {
        const kind = parseKind(opts.kind);
        const m = c.module(opts.module);
        const existing = await running(c);
        if (existing) throw new LearnerError("session.alreadyRunning", shown(c, existing));
        const at = now(c);
        const s: ActiveSession = { moduleId: m.id, kind, startedAt: at.toISOString(), note: opts.note?.trim() || null };
        await (await c.store()).setSetting(await c.learnerId(), SESSION_KEY, s);
        if (opts.json) return c.json({ running: s });
        c.out(c.t("session.started", { time: at.toLocaleTimeString(c.lang === "zh" ? "zh-CN" : "en-GB", { hour: "2-digit", minute: "2-digit" }), kind: c.t(`log.kind.${kind}`), module: m.id }));
      }),
    );

  session
    .command("stop")
    .description("stop the running session and log its time")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, opts: { json?: boolean }) => {
        const s = await running(c);
        if (!s) throw new LearnerError("session.noneRunning");
        const minutes = Math.max(1, elapsed(s, now(c)));
        if (minutes > MAX_LOG_MINUTES) throw new LearnerError("session.tooLong", { ...shown(c, s), hours: Math.round(minutes / 60), kind: s.kind, module: s.moduleId ?? "<id>" });
        await stopSession(await c.store(), await c.learnerId(), s, minutes);
        if (opts.json) return c.json({ logged: { ...s, minutes } });
        c.out(c.t("session.stopped", { duration: formatMinutes(minutes), kind: c.t(`log.kind.${s.kind}`), module: s.moduleId ?? "—" }));
      }),
    );

  session
    .command("status")
    .description("show the running session")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, opts: { json?: boolean }) => {
        const s = await running(c);
        if (opts.json) return c.json({ running: s ? { ...s, minutes: elapsed(s, now(c)) } : null });
        c.out(s ? c.t("session.status", { ...shown(c, s), duration: formatMinutes(Math.max(0, elapsed(s, now(c)))) }) : c.t("session.none"));
      }),
    );

  session
    .command("cancel")
    .description("drop the running session without logging it")
    .action(
      localised(ctx, async (c) => {
        if (!(await running(c))) throw new LearnerError("session.noneRunning");
        await clearSetting(await c.store(), await c.learnerId(), SESSION_KEY);
        c.out(c.t("session.cancelled"));
      }),
    );
}
