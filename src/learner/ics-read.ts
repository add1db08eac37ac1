// A minimal iCalendar reader (unfolds lines, reads VEVENTs): enough to check what plan-ics writes round-trips.

export interface IcsEvent {
  uid: string;
  summary: string;
  description: string;
  /** "YYYY-MM-DDTHH:MM" (floating local time) */
  start: string;
  /** minutes, from DURATION or DTEND */
  minutes: number;
  categories: string[];
}

const unescapeText = (s: string) => s.replace(/\\n/gi, "\n").replace(/\\([,;\\])/g, "$1");

function parseDateTime(v: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?Z?)?$/.exec(v);
  if (!m) throw new Error(`ics: bad date-time "${v}"`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}`;
}

function parseDuration(v: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(v);
  if (!m) throw new Error(`ics: bad duration "${v}"`);
  const [w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return w * 7 * 1440 + d * 1440 + h * 60 + mi + Math.round(s / 60);
}

export function readIcs(text: string): IcsEvent[] {
  const lines = text.replace(/\r\n[ \t]/g, "").replace(/\n[ \t]/g, "").split(/\r?\n/);
  if (lines[0] !== "BEGIN:VCALENDAR") throw new Error("ics: does not start with BEGIN:VCALENDAR");
  const events: IcsEvent[] = [];
  let cur: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") cur = {};
    else if (line === "END:VEVENT") {
      if (!cur) throw new Error("ics: END:VEVENT without BEGIN");
      const start = parseDateTime(cur.DTSTART ?? "");
      let minutes = cur.DURATION ? parseDuration(cur.DURATION) : 0;
      if (!cur.DURATION && cur.DTEND) minutes = (Date.parse(parseDateTime(cur.DTEND)) - Date.parse(start)) / 60_000;
      events.push({
        uid: cur.UID ?? "",
        summary: unescapeText(cur.SUMMARY ?? ""),
        description: unescapeText(cur.DESCRIPTION ?? ""),
        start,
        minutes,
        categories: (cur.CATEGORIES ?? "").split(",").filter(Boolean),
      });
      cur = undefined;
    } else if (cur) {
      const i = line.indexOf(":");
      if (i > 0) cur[line.slice(0, i).split(";")[0]!] = line.slice(i + 1);
    }
  }
  if (lines.filter((l) => l.length).at(-1) !== "END:VCALENDAR") throw new Error("ics: does not end with END:VCALENDAR");
  return events;
}
