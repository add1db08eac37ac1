// Byte-level BPE: the tests shown to the learner — UTF-8, training, rank-order encoding, round trips, GPT-2 comparison.
import { BpeTokenizer, preTokenize, trainBpe, utf8Decode, utf8Encode } from "learner";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

/** A small seeded generator (mulberry32), so the random strings are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Code point ranges the random strings draw from: ASCII, Latin-1, Greek, CJK, emoji, and a space/newline mix. */
const RANGES: [number, number][] = [[0x20, 0x7e], [0x20, 0x20], [0x0a, 0x0a], [0xc0, 0xff], [0x391, 0x3c9], [0x4e00, 0x9fff], [0x1f300, 0x1f64f]];
function randomText(next: () => number, maxLength: number): string {
  let s = "";
  const n = Math.floor(next() * maxLength);
  for (let i = 0; i < n; i++) {
    const [lo, hi] = RANGES[Math.floor(next() * RANGES.length)]!;
    s += String.fromCodePoint(lo + Math.floor(next() * (hi - lo + 1)));
  }
  return s;
}

test("utf8Encode: 1 byte for ASCII, 2 for é, 3 for 中, 4 for 🎉", () => {
  expectEqual(utf8Encode("A"), [0x41], "A");
  expectEqual(utf8Encode("é"), [0xc3, 0xa9], "é");
  expectEqual(utf8Encode("中"), [0xe4, 0xb8, 0xad], "中");
  expectEqual(utf8Encode("🎉"), [0xf0, 0x9f, 0x8e, 0x89], "🎉 (one code point, two UTF-16 units)");
  expectEqual(utf8Encode("床前明月光").length, 15, "five Chinese characters are 15 bytes");
}, { taskId: "task-1" });

test("utf8Decode undoes utf8Encode; a cut-off character becomes one U+FFFD", () => {
  const s = "Tokens: 床前明月光 🎉 naïve";
  expectEqual(utf8Decode(utf8Encode(s)), s, "round trip");
  expectEqual(utf8Decode([0xe4, 0xb8]), "\ufffd", "the first 2 of 3 bytes of 中");
  expectEqual(utf8Decode([0x41, 0x80, 0x42]), "A\ufffdB", "a stray continuation byte");
}, { taskId: "task-1" });

test("trainBpe on 'aaabdaaabac': aa, then ab (tie broken by the smaller first id), then (aa)(ab)", () => {
  expectEqual(trainBpe("aaabdaaabac", 259), [[97, 97], [97, 98], [256, 257]], "merges");
}, { taskId: "task-2" });

test("trainBpe never merges across pre-tokens and stops when nothing is left to merge", () => {
  expectEqual(preTokenize("ab ab"), ["ab", " ab"], "pre-tokens (given)");
  expectEqual(trainBpe("ab ab", 300), [[97, 98], [32, 256]], "merges: only 2 are possible");
}, { taskId: "task-2" });

test("a tokenizer knows its vocabulary: 256 bytes plus one token per merge", () => {
  const tok = new BpeTokenizer([[97, 97], [97, 98], [256, 257]]);
  expectEqual(tok.vocabSize, 259, "vocabSize");
  expectEqual(tok.tokenBytes(98), [98], "a byte token");
  expectEqual(tok.tokenBytes(258), [97, 97, 97, 98], "token 258 = (aa)(ab)");
}, { taskId: "task-3" });

test("encode applies merges in rank order, not left to right", () => {
  const tok = new BpeTokenizer([[98, 99], [97, 98]]); // rank 0: b+c, rank 1: a+b
  expectEqual(tok.encode("abc"), [97, 256], "'abc' -> a, bc (merging a+b first would give ab, c)");
  expectEqual(new BpeTokenizer([[97, 97], [97, 98], [256, 257]]).encode("aaabdaaabac"), [258, 100, 258, 97, 99], "the trained example");
}, { taskId: "task-4" });

test("trained on Tang poems and Genesis, encode/decode round-trips the corpus with fewer tokens than bytes", () => {
  const corpus = TANG_SMALL + KJV_SMALL;
  const tok = new BpeTokenizer(trainBpe(corpus, 512));
  expectEqual(tok.vocabSize, 512, "vocabSize");
  const ids = tok.encode(corpus);
  expectEqual(tok.decode(ids), corpus, "decode(encode(corpus))");
  expectTrue(ids.length < 0.6 * utf8Encode(corpus).length, `256 merges should shrink the corpus below 60% of its bytes (got ${ids.length} tokens for ${utf8Encode(corpus).length} bytes)`);
}, { taskId: "task-4" });

test("round trip on 50 seeded random strings of Latin, Greek, Chinese and emoji", () => {
  const tok = new BpeTokenizer(trainBpe(TANG_SMALL + KJV_SMALL, 400));
  const next = rng(7);
  for (let i = 0; i < 50; i++) {
    const s = randomText(next, 40);
    const ids = tok.encode(s);
    expectTrue(ids.every((id: number) => Number.isInteger(id) && id >= 0 && id < tok.vocabSize), `string ${i}: every id must be in 0..${tok.vocabSize - 1}`);
    expectEqual(tok.decode(ids), s, `string ${i}: decode(encode(s))`);
  }
}, { taskId: "task-4" });

test("compareWithGpt2 reports both token counts and their ratio", () => {
  const tok = new BpeTokenizer(trainBpe(TANG_SMALL + KJV_SMALL, 512));
  const r = tok.compareWithGpt2(TANG_SMALL, GPT2_TANG_SMALL);
  expectEqual(r.bytes, utf8Encode(TANG_SMALL).length, "bytes");
  expectEqual(r.ours, tok.encode(TANG_SMALL).length, "ours");
  expectEqual(r.gpt2, GPT2_TANG_SMALL, "gpt2");
  expectClose(r.ratio, r.ours / GPT2_TANG_SMALL, { atol: 0, rtol: 1e-12, label: "ratio = ours / gpt2" });
  expectClose(r.oursBytesPerToken, r.bytes / r.ours, { atol: 0, rtol: 1e-12, label: "oursBytesPerToken" });
  expectClose(r.gpt2BytesPerToken, r.bytes / GPT2_TANG_SMALL, { atol: 0, rtol: 1e-12, label: "gpt2BytesPerToken" });
  expectThrows(() => tok.compareWithGpt2(TANG_SMALL, 0));
}, { taskId: "task-5" });

// ---- Corpus excerpts (content/corpora/tang300.txt from its start, kjv-pentateuch.txt from Genesis 1:1).
// the first 536 characters (1492 UTF-8 bytes) of tang300.txt, whole poems
const TANG_SMALL = `《感遇・其一》
作者：张九龄
兰叶春葳蕤，桂华秋皎洁。
欣欣此生意，自尔为佳节。
谁知林栖者，闻风坐相悦。
草木有本心，何求美人折？
%
《梦李白・其二》
作者：杜甫
浮云终日行，游子久不至。
三夜频梦君，情亲见君意。
告归常局促，苦道来不易。
江湖多风波，舟楫恐失坠。
出门搔白首，若负平生志。
冠盖满京华，斯人独憔悴。
孰云网恢恢，将老身反累。
千秋万岁名，寂寞身后事。
%
《送綦毋潜落第还乡》
作者：王维
圣代无隐者，英灵尽来归。
遂令东山客，不得顾采薇。
既至金门远，孰云吾道非。
江淮度寒食，京洛缝春衣。
置酒长安道，同心与我违。
行当浮桂棹，未几拂荆扉。
远树带行客，孤城当落晖。
吾谋适不用，勿谓知音稀。
%
《送别》
作者：王维
下马饮君酒，问君何所之。
君言不得意，归卧南山陲。
但去莫复问，白云无尽时。
%
《青溪》
作者：王维
言入黄花川，每逐青溪水。
随山将万转，趣途无百里。
声喧乱石中，色静深松里。
漾漾泛菱荇，澄澄映葭苇。
我心素已闲，清川澹如此。
请留盘石上，垂钓将已矣。
%
《渭川田家》
作者：王维
斜光照墟落，穷巷牛羊归。
野老念牧童，倚杖候荆扉。
雉雊麦苗秀，蚕眠桑叶稀。
田夫荷锄至，相见语依依。
即此羡闲逸，怅然吟式微。
%
`;
// the first 1404 characters of kjv-pentateuch.txt, whole verses
const KJV_SMALL = `In the beginning God created the heaven and the earth.
And the earth was without form, and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters.
And God said, Let there be light: and there was light.
And God saw the light, that it was good: and God divided the light from the darkness.
And God called the light Day, and the darkness he called Night. And the evening and the morning were the first day.
And God said, Let there be a firmament in the midst of the waters, and let it divide the waters from the waters.
And God made the firmament, and divided the waters which were under the firmament from the waters which were above the firmament: and it was so.
And God called the firmament Heaven. And the evening and the morning were the second day.
And God said, Let the waters under the heaven be gathered together unto one place, and let the dry land appear: and it was so.
And God called the dry land Earth; and the gathering together of the waters called he Seas: and God saw that it was good.
And God said, Let the earth bring forth grass, the herb yielding seed, and the fruit tree yielding fruit after his kind, whose seed is in itself, upon the earth: and it was so.
And the earth brought forth grass, and herb yielding seed after his kind, and the tree yielding fruit, whose seed was in itself, after his kind: and God saw that it was good.
`;
// GPT-2 token counts were produced once, outside the tests, with js-tiktoken 1.0.21 (a devDependency of llmpath):
//   const { Tiktoken } = require("js-tiktoken/lite"); const ranks = require("js-tiktoken/ranks/gpt2");
//   new Tiktoken(ranks).encode(text).length
// (lab tests may import nothing but the learner's code, llmpath/tensor and llmpath/testing).
const GPT2_TANG_SMALL = 1122; // GPT-2 tokens for TANG_SMALL (1492 bytes)
