// Registers the learner core's message catalogues, so the API can word trap findings and calendar events.
import { registerMessages } from "../i18n/index.ts";
import { learner as en } from "../i18n/en/learner.ts";
import { learner as zh } from "../i18n/zh/learner.ts";

registerMessages(en, zh);
