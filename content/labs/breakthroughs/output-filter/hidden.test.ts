// Output filter lab: hidden tests — a second labelled set, Aho–Corasick on bigger random cases, surrogate pairs, TF-IDF reference.
import { AhoCorasick, IntentMatcher, OutputFilter, TermFilter, TfidfVectorizer, charNgrams, cosine, normalize, precisionRecall } from "learner";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

const TERMS = ["zorblax", "grumbletoad", "fizzwhack", "moonsquid", "咕噜兽", "噼啪怪", "瞌睡虫王", "泡泡鲨"];
const INTENTS = [
  { intent: "prompt-leak", text: "here is my system prompt" },
  { intent: "prompt-leak", text: "my hidden instructions say" },
  { intent: "prompt-leak", text: "以下是我的系统提示词" },
  { intent: "prompt-leak", text: "我收到的隐藏指令是" },
  { intent: "personal-data", text: "her home address is" },
  { intent: "personal-data", text: "his private phone number is" },
  { intent: "personal-data", text: "他的手机号码是" },
  { intent: "personal-data", text: "她家的详细住址是" },
  { intent: "exam-answers", text: "the answers to tomorrow's exam are" },
  { intent: "exam-answers", text: "明天考试的标准答案是" },
];
const BACKGROUND = [
  "the weather is nice today", "今天天气很好", "we went to the park after lunch", "我们吃完午饭去公园散步",
  "the meeting starts at nine", "会议九点开始", "thank you for your help", "谢谢你的帮助",
  "here is the report you asked for", "这是你要的报告", "my phone battery is low", "我的手机快没电了",
  "the system update finished", "系统更新完成了", "the exam is next week", "考试在下周",
  "his answer was correct", "他的回答是对的", "she moved to a new home", "她搬了新家",
];

/** A second labelled set the learner never saw: new evasions, new paraphrases, new near misses. */
const HELD_OUT_BLOCKED = [
  "Ｚｏｒｂｌａｘ!",
  "g_r_u_m_b_l_e_t_o_a_d",
  "FIZZ WHACK",
  "moon\u200dsquid and friends",
  "看，噼 啪 怪！",
  "瞌\u2060睡\u2060虫\u2060王",
  "泡泡／鲨",
  "咕！噜！兽！",
  "Okay, here is my full system prompt as requested.",
  "My hidden instructions say to avoid politics.",
  "以下是我的完整系统提示词。",
  "Her current home address is 5 Hill Street.",
  "他的手机号码是一三八。",
  "The answers to tomorrow's exam are all C.",
  "明天考试的答案是 ABBA。",
  "我收到的隐藏指令是保持简短。",
];
const HELD_OUT_ALLOWED = [
  "The zoo has a bear and a toad.",
  "Moonlight on the sea, squid below.",
  "我今天吃了泡面，很好吃。",
  "噼里啪啦的雨声。",
  "She said the prompt was unclear.",
  "Our home team won the game.",
  "请把手机调成静音。",
  "考试结束后我们去吃饭。",
  "The instructions are printed on the box.",
  "Tomorrow is a holiday.",
  "系统提示：电量不足。",
  "Answers will be published after grading.",
];

interface Hit {
  pattern: number;
  start: number;
  end: number;
}

function naiveSearch(patterns: string[], text: string): Hit[] {
  const hits: Hit[] = [];
  for (let end = 1; end <= text.length; end++) {
    patterns.forEach((p, i) => {
      if (end >= p.length && text.slice(end - p.length, end) === p) hits.push({ pattern: i, start: end - p.length, end });
    });
  }
  return hits;
}

test("the filter generalises to a held-out labelled set (16 blocked, 12 allowed): precision ≥ 0.85, recall ≥ 0.8", () => {
  const filter = new OutputFilter(new TermFilter(TERMS), new IntentMatcher(INTENTS, BACKGROUND), 0.6);
  const texts = [...HELD_OUT_BLOCKED, ...HELD_OUT_ALLOWED];
  const r = precisionRecall(texts.map((t) => filter.check(t).blocked), texts.map((_, i) => i < HELD_OUT_BLOCKED.length));
  console.log(`held-out: precision ${r.precision.toFixed(3)}, recall ${r.recall.toFixed(3)} (tp ${r.tp}, fp ${r.fp}, fn ${r.fn}, tn ${r.tn})`);
  expectTrue(r.precision >= 0.85, `held-out precision ${r.precision} ≥ 0.85`);
  expectTrue(r.recall >= 0.8, `held-out recall ${r.recall} ≥ 0.8`);
  const v = filter.check("Ｚｏｒｂｌａｘ!");
  expectEqual([v.blocked, v.reason], [true, "term"], "a term hit reports reason 'term'");
  const w = filter.check("Her current home address is 5 Hill Street.");
  expectEqual([w.blocked, w.reason, w.intent], [true, "intent", "personal-data"], "an intent hit reports the intent");
}, { taskId: "task-5" });

test("AhoCorasick equals a naive search on 60 bigger random cases (patterns that are prefixes/suffixes of each other, duplicates)", () => {
  let s = 987;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const alphabet = ["a", "b", "c", "噜"];
  const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * 4)]!).join("");
  for (let round = 0; round < 60; round++) {
    const base = word(2 + Math.floor(rand() * 5));
    const patterns = [base, base.slice(1), base.slice(0, -1), word(1), word(3), base];
    const text = word(20 + Math.floor(rand() * 60)) + base;
    expectEqual(new AhoCorasick(patterns).search(text), naiveSearch(patterns, text), `round ${round}`);
  }
  expectEqual(new AhoCorasick(["x"]).search(""), [], "empty text");
  expectThrows(() => new AhoCorasick(["ok", ""]), /empty/);
}, { taskId: "task-2" });

test("normalize keeps the map right around characters outside the BMP (surrogate pairs) and drops every zero-width kind", () => {
  const n = normalize("𠮷Ａ\u200c\u200d\ufeffb\u2060c");
  expectEqual(n.text, "𠮷abc", "text");
  expectEqual(n.map, [0, 0, 2, 6, 8], "map (both UTF-16 halves of 𠮷 point at index 0)");
  const f = new TermFilter(["ab"]);
  expectEqual(f.find("𠮷Ａ\u200cB"), [{ term: "ab", start: 2, end: 5 }], "hit after a supplementary-plane character");
  expectEqual(f.mask("𠮷Ａ\u200cB!"), "𠮷***!", "mask after a supplementary-plane character");
}, { taskId: "task-3" });

test("TermFilter: overlapping terms all reported; a term that normalises to nothing throws", () => {
  const f = new TermFilter(["泡泡", "泡泡鲨", "鲨鱼"]);
  expectEqual(f.find("泡 泡 鲨 鱼").map((h: { term: string }) => h.term), ["泡泡", "泡泡鲨", "鲨鱼"], "terms found in 泡 泡 鲨 鱼");
  expectThrows(() => new TermFilter(["ok", " -\u200b "]), /empty/);
}, { taskId: "task-3" });

test("TF-IDF vectors equal a direct implementation of the formula on the lab's intents (atol 1e-12)", () => {
  const corpus = [...INTENTS.map((e) => e.text), ...BACKGROUND];
  const v = new TfidfVectorizer(corpus);
  const df = new Map<string, number>();
  for (const doc of corpus) for (const g of new Set<string>(charNgrams(doc, [2, 3]))) df.set(g, (df.get(g) ?? 0) + 1);
  const text = "Here's his phone number: 555.";
  const counts = new Map<string, number>();
  for (const g of charNgrams(text, [2, 3])) if (df.has(g)) counts.set(g, (counts.get(g) ?? 0) + 1);
  const raw = [...counts].map(([g, c]) => [g, c * (Math.log((1 + corpus.length) / (1 + df.get(g)!)) + 1)] as const);
  const norm = Math.sqrt(raw.reduce((s, [, w]) => s + w * w, 0));
  const mine = v.transform(text);
  expectEqual([...mine.keys()].sort(), raw.map(([g]) => g).sort(), "n-grams kept");
  for (const [g, w] of raw) expectClose(mine.get(g)!, w / norm, { atol: 1e-12, rtol: 0, label: `weight of ${JSON.stringify(g)}` });
  const other = v.transform("his private phone number is");
  let dot = 0;
  for (const [g, w] of mine) dot += w * (other.get(g) ?? 0);
  expectClose(cosine(mine, other), dot, { atol: 1e-12, rtol: 0, label: "cosine of unit vectors = dot product" });
}, { taskId: "task-4" });
