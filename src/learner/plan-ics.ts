// Exports a plan's study blocks to iCalendar (RFC 5545) with the `ics` package: one event per block, local times.
import { createEvents, type EventAttributes } from "ics";
import { LearnerError } from "./errors.ts";
import type { Plan } from "./planner.ts";

export interface IcsLabels {
  /** event title for a module, e.g. "llmpath · Linear algebra" */
  title: (moduleId: string) => string;
  /** event description, e.g. "Week 3 of your plan. llmpath module linear-algebra" */
  description: (moduleId: string, week: number) => string;
  calendarName: string;
}

export function planToIcs(plan: Plan, labels: IcsLabels): string {
  const events: EventAttributes[] = [];
  for (const week of plan.weeks) {
    for (const b of week.blocks) {
      const [y, mo, d] = b.date.split("-").map(Number) as [number, number, number];
      const [h, mi] = b.time.split(":").map(Number) as [number, number];
      events.push({
        uid: `${b.date}-${b.time.replace(":", "")}-${b.moduleId}@llmpath`,
        start: [y, mo, d, h, mi],
        startInputType: "local",
        startOutputType: "local",
        duration: { hours: Math.floor(b.minutes / 60), minutes: b.minutes % 60 },
        title: labels.title(b.moduleId),
        description: labels.description(b.moduleId, week.week),
        categories: ["llmpath", b.stage],
        busyStatus: "BUSY",
      });
    }
  }
  if (!events.length) throw new LearnerError("plan.icsEmpty");
  const { error, value } = createEvents(events, { productId: "llmpath", calName: labels.calendarName });
  if (error || !value) throw new LearnerError("plan.icsFailed", { reason: error?.message ?? "no output" });
  return value;
}
