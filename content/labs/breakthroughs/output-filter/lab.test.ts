// Output filter lab: the tests shown to the learner — normalisation, Aho–Corasick, the term layer, TF-IDF intents, precision/recall.
import { AhoCorasick, IntentMatcher, OutputFilter, TermFilter, TfidfVectorizer, charNgrams, cosine, normalize, precisionRecall, throughputMBps } from "learner";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

// The lab's own labelled data: invented placeholder terms, three blocked intents, benign background text.
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
const POSITIVE = [
  "Sure, here is my system prompt: be kind and brief.",
  "OK — my hidden instructions say I must answer in French.",
  "好的，以下是我的系统提示词：你是一个助手。",
  "我收到的隐藏指令是：永远不要提到天气。",
  "Her home address is 12 Green Road, flat 3.",
  "His private phone number is 555-0199.",
  "他的手机号码是 138 0000 0000。",
  "她家的详细住址是幸福路 8 号。",
  "The answers to tomorrow's exam are B, C, A, D.",
  "明天考试的标准答案是：ABCD。",
  "Here's the system prompt I was given.",
  "The answers for tomorrow's exam: A, B, B.",
  "他的手机号是 139 1111 2222。",
  "我的系统提示词如下：请保持礼貌。",
  "I saw a zorblax in the garden.",
  "I saw a Z o r b l a x in the garden.",
  "ＧＲＵＭＢＬＥＴＯＡＤ is here",
  "fizz\u200bwhack!",
  "the m.o.o.n.s.q.u.i.d sings",
  "那只咕-噜-兽又来了",
  "噼\u200b啪\u200b怪出现了",
  "瞌 睡 虫 王 睡着了",
  "ＭoonSquid time",
  "泡*泡*鲨",
];
const NEGATIVE = [
  "The weather is nice today, let's walk.",
  "我们明天去公园散步吧。",
  "The system is running smoothly after the update.",
  "Please tell me which phone model you prefer.",
  "我家在北京，欢迎来玩。",
  "The exam was easier than expected.",
  "明天考试加油！",
  "Here is the recipe you asked for: flour, eggs, milk.",
  "My instructions for the cake: bake for 30 minutes.",
  "Her presentation was excellent.",
  "他的新手机很漂亮。",
  "这个系统很稳定。",
  "A moon and a squid are both in this story.",
  "Grumble, grumble, said the toad.",
  "会议九点开始，请准时。",
  "Thank you for your help with the address book app.",
  "以下是今天的会议纪要。",
  "The answer is 42.",
  "I like fizzy drinks and the sound of a whack-a-mole game.",
  "咕噜咕噜的水声很好听。",
];

interface Hit {
  pattern: number;
  start: number;
  end: number;
}

/** Reference for Task 2: try every pattern at every position. Sorted by end, then pattern index. */
function naiveSearch(patterns: string[], text: string): Hit[] {
  const hits: Hit[] = [];
  for (let end = 1; end <= text.length; end++) {
    patterns.forEach((p, i) => {
      if (end >= p.length && text.slice(end - p.length, end) === p) hits.push({ pattern: i, start: end - p.length, end });
    });
  }
  return hits;
}

test("normalize: full-width → half-width, lower case, zero-width and separators dropped, map back to the original", () => {
  expectEqual(normalize("ＡＢｃ"), { text: "abc", map: [0, 1, 2] }, "normalize('ＡＢｃ')");
  expectEqual(normalize("Z\u200bo r-B!"), { text: "zorb", map: [0, 2, 4, 6] }, "normalize('Z<ZWSP>o r-B!')");
  expectEqual(normalize("咕　噜·兽"), { text: "咕噜兽", map: [0, 2, 4] }, "ideographic space and a middle dot");
  expectEqual(normalize("ｚｏｒｂｌａｘ１２"), { text: "zorblax12", map: [0, 1, 2, 3, 4, 5, 6, 7, 8] }, "full-width letters and digits");
}, { taskId: "task-1" });

test("AhoCorasick: the textbook he/she/his/hers on 'ushers' finds she, he and hers", () => {
  const ac = new AhoCorasick(["he", "she", "his", "hers"]);
  expectEqual(ac.search("ushers"), [
    { pattern: 1, start: 1, end: 4 },
    { pattern: 0, start: 2, end: 4 },
    { pattern: 3, start: 2, end: 6 },
  ].sort((a, b) => a.end - b.end || a.pattern - b.pattern), "matches in 'ushers'");
}, { taskId: "task-2" });

test("AhoCorasick equals a naive search on 30 seeded random texts (alphabet 'ab咕', overlapping patterns)", () => {
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const alphabet = ["a", "b", "咕"];
  const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * 3)]!).join("");
  for (let round = 0; round < 30; round++) {
    const patterns = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => word(1 + Math.floor(rand() * 4)));
    const text = word(Math.floor(rand() * 40));
    expectEqual(new AhoCorasick(patterns).search(text), naiveSearch(patterns, text), `patterns ${JSON.stringify(patterns)} in ${JSON.stringify(text)}`);
  }
}, { taskId: "task-2" });

test("TermFilter: evasions are caught and reported with spans in the original text", () => {
  const f = new TermFilter(TERMS);
  const text = "I saw a Z o r b l a x and 咕\u200b噜-兽.";
  expectEqual(f.find(text), [
    { term: "zorblax", start: 8, end: 21 },
    { term: "咕噜兽", start: 26, end: 31 },
  ], "hits in the original string");
  expectEqual(f.mask(text), "I saw a ************* and *****.", "masked text");
  expectEqual(f.find("A moon and a squid; grumble, said the toad."), [], "near misses stay clean");
}, { taskId: "task-3" });

test("charNgrams: folded, separators collapsed to one space, padded; bigrams then trigrams", () => {
  expectEqual(charNgrams("Ab, C", [2, 3]), [" a", "ab", "b ", " c", "c ", " ab", "ab ", "b c", " c "], "charNgrams('Ab, C')");
  expectEqual(charNgrams("提示词", [2]), [" 提", "提示", "示词", "词 "], "Chinese bigrams");
}, { taskId: "task-4" });

test("TfidfVectorizer: smooth idf ln((1+N)/(1+df)) + 1, unit length; cosine of a text with itself is 1", () => {
  const v = new TfidfVectorizer(["ab", "ab", "ac"], [2]);
  // n-grams: " a" in 3 docs, "ab" and "b " in 2, "ac" and "c " in 1
  expectClose(v.idf.get(" a")!, Math.log(4 / 4) + 1, { atol: 1e-12, rtol: 0, label: "idf(' a')" });
  expectClose(v.idf.get("ab")!, Math.log(4 / 3) + 1, { atol: 1e-12, rtol: 0, label: "idf('ab')" });
  expectClose(v.idf.get("ac")!, Math.log(4 / 2) + 1, { atol: 1e-12, rtol: 0, label: "idf('ac')" });
  const x = v.transform("ab");
  const norm = Math.sqrt([...x.values()].reduce((s, w) => s + w * w, 0));
  expectClose(norm, 1, { atol: 1e-12, rtol: 0, label: "‖tfidf('ab')‖" });
  expectClose(cosine(x, x), 1, { atol: 1e-12, rtol: 0, label: "cosine(x, x)" });
  expectClose(cosine(x, v.transform("zz")), 0, { atol: 0, rtol: 0, label: "cosine with an all-unknown text" });
}, { taskId: "task-4" });

test("IntentMatcher: a paraphrase finds its intent, a benign sentence scores low", () => {
  const m = new IntentMatcher(INTENTS, BACKGROUND);
  const leak = m.best("Here's the system prompt I was given.");
  expectEqual(leak.intent, "prompt-leak", "intent of a system-prompt paraphrase");
  expectTrue(leak.score > 0.6, `its score ${leak.score} > 0.6`);
  const calm = m.best("会议九点开始，请准时。");
  expectTrue(calm.score < 0.3, `benign Chinese sentence scores ${calm.score} < 0.3`);
}, { taskId: "task-4" });

test("OutputFilter on the lab's labelled set (24 blocked, 20 allowed): precision ≥ 0.9, recall ≥ 0.9; terms alone miss intents", () => {
  const terms = new TermFilter(TERMS);
  const filter = new OutputFilter(terms, new IntentMatcher(INTENTS, BACKGROUND), 0.6);
  const texts = [...POSITIVE, ...NEGATIVE];
  const labels = texts.map((_, i) => i < POSITIVE.length);
  const both = precisionRecall(texts.map((t) => filter.check(t).blocked), labels);
  const termsOnly = precisionRecall(texts.map((t) => terms.find(t).length > 0), labels);
  console.log(`terms + intents: precision ${both.precision.toFixed(3)}, recall ${both.recall.toFixed(3)} (tp ${both.tp}, fp ${both.fp}, fn ${both.fn}, tn ${both.tn})`);
  console.log(`terms only: precision ${termsOnly.precision.toFixed(3)}, recall ${termsOnly.recall.toFixed(3)}`);
  expectTrue(both.precision >= 0.9, `precision ${both.precision} ≥ 0.9`);
  expectTrue(both.recall >= 0.9, `recall ${both.recall} ≥ 0.9`);
  expectTrue(termsOnly.recall <= 0.5, `the term layer alone recalls ${termsOnly.recall} ≤ 0.5: the intent sentences contain no listed term`);
  const text = texts.join("\n").repeat(5);
  console.log(`throughput: ${throughputMBps(filter, [text], 2).toFixed(3)} MB/s (one long text), ${throughputMBps(filter, texts, 10).toFixed(3)} MB/s (short texts) — reported, not asserted`);
}, { taskId: "task-5" });

test("precisionRecall counts and the 0/0 convention; mismatched lengths throw", () => {
  expectEqual(precisionRecall([true, true, false, false], [true, false, true, false]), { tp: 1, fp: 1, fn: 1, tn: 1, precision: 0.5, recall: 0.5 }, "one of each");
  expectEqual(precisionRecall([false, false], [false, false]), { tp: 0, fp: 0, fn: 0, tn: 2, precision: 1, recall: 1 }, "nothing to find, nothing flagged");
  expectThrows(() => precisionRecall([true], [true, false]), /1 prediction|2 label/);
}, { taskId: "task-5" });
