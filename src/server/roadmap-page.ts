// The roadmap page: every stage and module with hours and status, locked modules saying what they need.
import type { Lang } from "../i18n/index.ts";
import type { RoadmapView } from "../learner/roadmap-view.ts";
import { esc, page } from "./html.ts";

const TEXT = {
  en: {
    title: "llmpath — your LLM learning route",
    tag: "math → model internals → engineering → domain innovation",
    hours: (h: number, done: number) => `${h} h · ${done} h done`,
    total: (h: number, done: number) => `${h} h in all, ${done} h done`,
    needs: "needs",
    states: { locked: "locked", available: "available", in_progress: "in progress", done: "done", credited: "credited" },
    other: "中文",
    footer: "Start a module from the terminal: llmpath start <id>. JSON: /api/roadmap",
    optional: "optional",
  },
  zh: {
    title: "llmpath —— 你的大模型学习路线",
    tag: "数学基础 → 模型原理 → 工程实践 → 领域创新",
    hours: (h: number, done: number) => `${h} 小时 · 已完成 ${done} 小时`,
    total: (h: number, done: number) => `共 ${h} 小时，已完成 ${done} 小时`,
    needs: "需先完成",
    states: { locked: "未解锁", available: "可开始", in_progress: "进行中", done: "已完成", credited: "已认定" },
    other: "English",
    footer: "在终端开始一个模块：llmpath start <id>。JSON 数据：/api/roadmap",
    optional: "选修",
  },
} as const;

/** The page's <header>, <main> and <footer> (also server-rendered into the web app's shell before it starts). */
export function roadmapBody(view: RoadmapView, lang: Lang): string {
  const T = TEXT[lang];
  const legend = (Object.keys(T.states) as (keyof typeof T.states)[])
    .map((s) => `<span class="${s}" style="--c:var(--${s === "in_progress" ? "progress" : s})">${esc(T.states[s])}</span>`)
    .join("");
  const stages = view.stages
    .map((s) => {
      const pct = s.hours ? Math.round((100 * s.doneHours) / s.hours) : 0;
      const modules = s.modules
        .map((m) => {
          const needs = m.state === "locked" ? `${T.needs}: ${m.missing.join(", ")}` : "";
          return `<article class="module ${m.state}" data-module="${esc(m.id)}" data-state="${m.state}" tabindex="0"${needs ? ` title="${esc(needs)}"` : ""}>
  <h3>${esc(m.title[lang])}</h3>
  <code>${esc(m.id)}</code> · ${m.hours} h${m.optional ? ` · ${esc(T.optional)}` : ""}
  <div class="state">${esc(T.states[m.state])}</div>
  ${needs ? `<div class="needs">${esc(needs)}</div>` : ""}
  <p>${esc(m.summary[lang])}</p>
</article>`;
        })
        .join("\n");
      return `<section class="stage" data-stage="${esc(s.id)}">
  <h2>${s.order}. ${esc(s.title[lang])}</h2>
  <div class="meta">${esc(T.hours(s.hours, s.doneHours))} — ${esc(s.summary[lang])}</div>
  <div class="bar"><i style="width:${pct}%"></i></div>
  <div class="modules">${modules}</div>
</section>`;
    })
    .join("\n");
  const body = `<header><h1>llmpath</h1><span class="tag">${esc(T.tag)}</span>
  <nav><a href="/?lang=${lang === "zh" ? "en" : "zh"}">${T.other}</a></nav></header>
<main>
  <p>${esc(T.total(view.totalHours, view.doneHours))}</p>
  <div class="legend">${legend}</div>
  ${stages}
</main>
<footer>${esc(T.footer)}</footer>`;
  return body;
}

export const roadmapTitle = (lang: Lang): string => TEXT[lang].title;

export function roadmapPage(view: RoadmapView, lang: Lang): string {
  return page(lang, TEXT[lang].title, roadmapBody(view, lang));
}
