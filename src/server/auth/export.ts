// A learner's own data as JSON (the "export my data" right): every learner table, nothing of anyone else.
import type { Store } from "../../store/index.ts";
import { listCardStates, listContributions, listPapers } from "../../store/learner-repo.ts";
import { listRuns } from "../experiments-repo.ts";

export async function exportLearnerData(store: Store, learnerId: number): Promise<Record<string, unknown>> {
  const settings = await store.db.selectFrom("settings").select(["key", "value", "updated_at"]).where("learner_id", "=", learnerId).orderBy("key").execute();
  const [moduleStatus, overrides, studySessions, labAttempts, labEvents, cards, papers, contributions, experiments] = await Promise.all([
    store.listModuleStatus(learnerId),
    store.listOverrides(learnerId),
    store.listStudySessions(learnerId),
    store.listLabAttempts(learnerId),
    store.listLabEvents(learnerId),
    listCardStates(store, learnerId),
    listPapers(store, learnerId),
    listContributions(store, learnerId),
    listRuns(store, learnerId),
  ]);
  return {
    moduleStatus,
    overrides,
    studySessions,
    labAttempts,
    labEvents,
    reviewCards: Object.fromEntries(cards),
    papers,
    contributions,
    experiments,
    settings: settings.map((s) => ({ key: s.key, value: s.value, updatedAt: s.updated_at })),
  };
}
