// Registers the lab commands' messages (en + zh) once, at import time.
import { labs as en } from "../../i18n/en/labs.ts";
import { registerMessages } from "../../i18n/index.ts";
import { labs as zh } from "../../i18n/zh/labs.ts";

registerMessages(en, zh);
