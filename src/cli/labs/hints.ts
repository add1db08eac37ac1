// The next hint of a lab: the number of hints already shown (recorded lab events) decides which one comes next.
import type { LabEntry } from "../../curriculum/index.ts";
import type { Lang } from "../../i18n/index.ts";
import type { Store } from "../../store/index.ts";

export type NextHint = { kind: "hint"; n: number; total: number; text: string } | { kind: "none"; total: number };

/** Shows one more hint and records it; when all were shown, records nothing and says so. */
export async function nextHint(store: Store, learnerId: number, lab: LabEntry, lang: Lang): Promise<NextHint> {
  const seen = (await store.listLabEvents(learnerId, lab.id)).filter((e) => e.kind === "hint").length;
  const total = lab.hints.length;
  if (seen >= total) return { kind: "none", total };
  const hint = lab.hints[seen]!;
  await store.recordLabEvent(learnerId, lab.id, "hint", { index: seen });
  return { kind: "hint", n: seen + 1, total, text: hint[lang] };
}
