// Markdown → HTML for notes and lab READMEs: KaTeX for $…$ and $$…$$, and a small highlighter for code blocks.
import katex from "katex";
import "katex/dist/katex.min.css";
import { Marked } from "marked";

const KEYWORDS = /\b(import|from|export|function|const|let|var|return|if|else|for|while|of|in|new|class|interface|type|extends|def|lambda|with|as|throw|async|await|true|false|null|undefined|None|True|False|self)\b/g;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** Highlights comments, strings, numbers and keywords of TypeScript or Python (token classes tok-*). */
export function highlight(code: string): string {
  const re = /(\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|(\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b)/g;
  let out = "";
  let last = 0;
  const words = (s: string) => escapeHtml(s).replace(KEYWORDS, '<span class="tok-k">$1</span>');
  for (const m of code.matchAll(re)) {
    out += words(code.slice(last, m.index));
    const cls = m[1] ? "tok-c" : m[2] ? "tok-s" : "tok-n";
    out += `<span class="${cls}">${escapeHtml(m[0])}</span>`;
    last = m.index! + m[0].length;
  }
  return out + words(code.slice(last));
}

const marked = new Marked({
  renderer: {
    code({ text }) {
      return `<pre><code>${highlight(text)}</code></pre>`;
    },
  },
});

function tex(src: string, display: boolean): string {
  return katex.renderToString(src, { displayMode: display, throwOnError: false, output: "html" });
}

/** Renders Markdown with math; math is cut out first so Markdown does not touch it, then put back. */
export function renderMarkdown(src: string): string {
  const math: string[] = [];
  const keep = (html: string) => `\uE000${math.push(html) - 1}\uE000`;
  const parts = src.split(/(```[\s\S]*?```|`[^`\n]*`)/g);
  const prepared = parts
    .map((p, i) =>
      i % 2 === 1
        ? p
        : p.replace(/\$\$([\s\S]+?)\$\$/g, (_, m: string) => keep(tex(m, true))).replace(/(^|[^\\$])\$([^$\n]+?)\$/g, (_, pre: string, m: string) => pre + keep(tex(m, false))),
    )
    .join("");
  const html = marked.parse(prepared, { async: false });
  return html.replace(/\uE000(\d+)\uE000/g, (_, i: string) => math[Number(i)]!);
}
