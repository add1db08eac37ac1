// Parses study durations such as "90m", "1h30m", "1.5h", "45" (minutes) into whole minutes; rejects "2x".
import { LearnerError } from "./errors.ts";

/** The longest single log entry accepted: more than a day in one go is almost certainly a typo. */
export const MAX_LOG_MINUTES = 16 * 60;

const PART = /(\d+(?:\.\d+)?)\s*(hours|hour|hrs|hr|h|minutes|minute|mins|min|m|小时|分钟|分)/gy;

export function parseDuration(text: string): number {
  const s = text.trim().toLowerCase();
  let minutes: number | undefined;
  if (/^\d+(\.\d+)?$/.test(s)) minutes = Number(s);
  else if (/^\d{1,2}:\d{2}$/.test(s)) {
    const [h, m] = s.split(":").map(Number) as [number, number];
    minutes = m < 60 ? h * 60 + m : undefined;
  } else if (s.length) {
    PART.lastIndex = 0;
    let total = 0;
    let consumed = 0;
    for (;;) {
      while (s[consumed] === " ") consumed++;
      PART.lastIndex = consumed;
      const m = PART.exec(s);
      if (!m) break;
      const unit = m[2]!;
      total += Number(m[1]) * (unit.startsWith("h") || unit === "小时" ? 60 : 1);
      consumed = PART.lastIndex;
    }
    if (consumed === s.length && consumed > 0) minutes = total;
  }
  if (minutes === undefined || !Number.isFinite(minutes)) throw new LearnerError("duration.invalid", { value: text });
  const rounded = Math.round(minutes);
  if (rounded <= 0) throw new LearnerError("duration.zero", { value: text });
  if (rounded > MAX_LOG_MINUTES) throw new LearnerError("duration.tooLong", { value: text, max: MAX_LOG_MINUTES / 60 });
  return rounded;
}

/** 95 → "1h35m", 60 → "1h", 45 → "45m". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (!h) return `${m}m`;
  return m ? `${h}h${m}m` : `${h}h`;
}
