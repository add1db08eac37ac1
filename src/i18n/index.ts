// Message catalogues (zh-CN and en), keyed by code; `t` fills {placeholders}. Tests assert codes, not sentences.
import { core as coreEn } from "./en/core.ts";
import { core as coreZh } from "./zh/core.ts";

export type Lang = "zh" | "en";
export type Catalogue = Record<string, string>;

const catalogues: Record<Lang, Catalogue> = { en: { ...coreEn }, zh: { ...coreZh } };

/** Adds an area's messages (each area keeps its own catalogue files, e.g. en/learner.ts and zh/learner.ts). */
export function registerMessages(en: Catalogue, zh: Catalogue): void {
  Object.assign(catalogues.en, en);
  Object.assign(catalogues.zh, zh);
}

export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const template = catalogues[lang][key] ?? catalogues.en[key];
  if (template === undefined) throw new Error(`i18n: no message "${key}" in the ${lang} or en catalogue`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** Every key must exist in both languages; returns the keys missing from one side. */
export function missingTranslations(): { en: string[]; zh: string[] } {
  const en = Object.keys(catalogues.en);
  const zh = Object.keys(catalogues.zh);
  return { en: zh.filter((k) => !(k in catalogues.en)), zh: en.filter((k) => !(k in catalogues.zh)) };
}

/** zh when the locale starts with zh, else en. */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  // POSIX order: the first non-empty of LC_ALL, LC_MESSAGES, LANG decides
  const locale = [env.LLMPATH_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v) ?? Intl.DateTimeFormat().resolvedOptions().locale ?? "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function pick(lang: Lang, text: { en: string; zh: string }): string {
  return text[lang];
}
