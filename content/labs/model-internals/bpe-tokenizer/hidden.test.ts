// Byte-level BPE: tests run at grading only — UTF-8 against TextEncoder, exact merges, no unknown tokens, GPT-2 comparison.
import { BpeTokenizer, trainBpe, utf8Decode, utf8Encode } from "learner";
import { expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

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
/** Any Unicode scalar value: half the time from the whole range, otherwise from ASCII, CJK or emoji. */
function randomCodePoint(next: () => number): number {
  const r = next();
  if (r < 0.25) return 0x20 + Math.floor(next() * 0x5f);
  if (r < 0.4) return 0x4e00 + Math.floor(next() * 0x5200);
  if (r < 0.5) return 0x1f300 + Math.floor(next() * 0x350);
  for (;;) {
    const c = Math.floor(next() * 0x110000);
    if (c < 0xd800 || c > 0xdfff) return c; // surrogate halves are not characters
  }
}
function randomText(next: () => number, maxLength: number): string {
  let s = "";
  const n = Math.floor(next() * maxLength);
  for (let i = 0; i < n; i++) s += String.fromCodePoint(randomCodePoint(next));
  return s;
}

test("utf8Encode agrees with TextEncoder on 200 seeded random strings over all of Unicode", () => {
  const next = rng(11);
  const te = new TextEncoder();
  for (let i = 0; i < 200; i++) {
    const s = randomText(next, 30);
    expectEqual(utf8Encode(s), [...te.encode(s)], `string ${i}`);
  }
  expectEqual(utf8Encode(""), [], "empty string");
  expectEqual(utf8Encode("\u{10FFFF}\u0800\u07FF\u007F"), [0xf4, 0x8f, 0xbf, 0xbf, 0xe0, 0xa0, 0x80, 0xdf, 0xbf, 0x7f], "the edges of each length");
}, { taskId: "task-1" });

test("utf8Decode: round trips, and simple invalid input becomes U+FFFD like TextDecoder", () => {
  const next = rng(12);
  for (let i = 0; i < 100; i++) {
    const s = randomText(next, 30);
    expectEqual(utf8Decode(utf8Encode(s)), s, `string ${i}`);
  }
  expectEqual(utf8Decode([0xe4, 0xb8, 0x41]), "\ufffdA", "a truncated character followed by ASCII");
  expectEqual(utf8Decode([0xff, 0x41]), "\ufffdA", "0xFF never occurs in UTF-8");
  expectEqual(utf8Decode([0xf0, 0x9f, 0x8e]), "\ufffd", "three of the four bytes of 🎉");
}, { taskId: "task-1" });

test("trainBpe breaks ties by the smaller first id, then the smaller second id", () => {
  expectEqual(trainBpe("abac", 259), [[97, 98], [97, 99], [256, 257]], "merges of 'abac'");
}, { taskId: "task-2" });

test("trainBpe counts each pre-token as often as it occurs", () => {
  // "xy" occurs once as a word, " zw" three times: the space-led pairs must win.
  expectEqual(trainBpe("xy zw zw zw", 258), [[32, 122], [256, 119]], "merges");
}, { taskId: "task-2" });

test("trainBpe with vocabSize 256 learns nothing; below 256 is an error", () => {
  expectEqual(trainBpe("hello hello", 256), [], "no merges");
  expectThrows(() => trainBpe("hello", 100));
}, { taskId: "task-2" });

test("the first merges learned from a few KB of Tang poems and Genesis", () => {
  const merges = trainBpe(TANG_TRAIN + KJV_TRAIN, 768);
  expectEqual(merges.length, 512, "number of merges");
  expectEqual(merges.slice(0, FIRST_MERGES.length), FIRST_MERGES, "first merges");
  const tok = new BpeTokenizer(merges);
  expectEqual(tok.encode(TANG_TRAIN + KJV_TRAIN).length, TRAIN_TOKENS, "tokens for the training text");
}, { taskId: "task-2" });

test("the constructor rejects a merge that uses a token not yet defined; tokenBytes rejects unknown ids", () => {
  expectThrows(() => new BpeTokenizer([[97, 257], [98, 99]]));
  const tok = new BpeTokenizer([[228, 184]]);
  expectThrows(() => tok.tokenBytes(257));
  expectThrows(() => tok.tokenBytes(-1));
}, { taskId: "task-3" });

test("a token need not be a character: the first two bytes of 中 decode to U+FFFD alone and to 中 with the third", () => {
  const tok = new BpeTokenizer([[0xe4, 0xb8]]);
  expectEqual(tok.encode("中"), [256, 0xad], "encode('中')");
  expectEqual(tok.decode([256]), "\ufffd", "decode([256])");
  expectEqual(tok.decode([256, 0xad]), "中", "decode([256, 0xad])");
}, { taskId: "task-4" });

test("rank order with chained merges: later merges build on earlier ones", () => {
  const tok = new BpeTokenizer([[98, 99], [97, 98], [97, 256], [257, 99]]); // bc, ab, a(bc), (ab)c
  expectEqual(tok.encode("abc"), [258], "'abc' -> a + bc (rank 0) -> a(bc) (rank 2); (ab)c is never reached");
  expectEqual(tok.encode("abbc"), [257, 256], "'abbc' -> a, b, bc -> ab, bc");
}, { taskId: "task-4" });

test("byte-level BPE has no unknown token: unseen scripts still encode to valid ids and decode back", () => {
  const tok = new BpeTokenizer(trainBpe(TANG_TRAIN + KJV_TRAIN, 600));
  const unseen = "Привет, мир! नमस्ते 👩‍🚀 ∑∫∂ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽ \u0000\t\r\n";
  const ids = tok.encode(unseen);
  expectTrue(ids.every((id: number) => Number.isInteger(id) && id >= 0 && id < tok.vocabSize), "every id must be in the vocabulary");
  expectTrue(ids.length <= utf8Encode(unseen).length, "never more tokens than bytes");
  expectEqual(tok.decode(ids), unseen, "decode(encode(text))");
}, { taskId: "task-4" });

test("round trip on 300 seeded random strings over all of Unicode", () => {
  const tok = new BpeTokenizer(trainBpe(TANG_TRAIN + KJV_TRAIN, 600));
  const next = rng(13);
  for (let i = 0; i < 300; i++) {
    const s = randomText(next, 30);
    const ids = tok.encode(s);
    expectTrue(ids.every((id: number) => Number.isInteger(id) && id >= 0 && id < tok.vocabSize), `string ${i}: ids out of range`);
    expectEqual(tok.decode(ids), s, `string ${i}: decode(encode(s))`);
  }
}, { taskId: "task-4" });

test("held-out text: trained on 3 KB of Tang poems, you beat GPT-2 on Tang poems and lose on Exodus", () => {
  const tok = new BpeTokenizer(trainBpe(TANG_TRAIN + KJV_TRAIN, 768));
  const zh = tok.compareWithGpt2(TANG_HELDOUT, GPT2_TANG_HELDOUT);
  expectEqual([zh.bytes, zh.ours, zh.gpt2], [utf8Encode(TANG_HELDOUT).length, tok.encode(TANG_HELDOUT).length, GPT2_TANG_HELDOUT], "Tang: bytes, ours, gpt2");
  expectTrue(Math.abs(zh.ratio - zh.ours / zh.gpt2) < 1e-12, `Tang: ratio should be ours / gpt2 (got ${zh.ratio})`);
  expectTrue(zh.ratio < 1, `Tang: expected fewer tokens than GPT-2 (ratio ${zh.ratio.toFixed(3)})`);
  const en = tok.compareWithGpt2(KJV_HELDOUT, GPT2_KJV_HELDOUT);
  expectEqual([en.bytes, en.ours, en.gpt2], [utf8Encode(KJV_HELDOUT).length, tok.encode(KJV_HELDOUT).length, GPT2_KJV_HELDOUT], "Exodus: bytes, ours, gpt2");
  expectTrue(en.ratio > 1.5, `Exodus: GPT-2's 50k English-heavy merges should need far fewer tokens (ratio ${en.ratio.toFixed(3)})`);
  expectTrue(Math.abs(en.gpt2BytesPerToken - en.bytes / en.gpt2) < 1e-12 && Math.abs(en.oursBytesPerToken - en.bytes / en.ours) < 1e-12, "bytes per token");
}, { taskId: "task-5" });

// ---- Corpus excerpts: training text from the start of each file, held-out text from later in it.
// the first 1190 characters (3318 UTF-8 bytes) of content/corpora/tang300.txt, whole poems
const TANG_TRAIN = `《感遇・其一》
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
《西施咏》
作者：王维
艳色天下重，西施宁久微。
朝为越溪女，暮作吴宫妃。
贱日岂殊众，贵来方悟稀。
邀人傅粉粉，不自著罗衣。
君宠益娇态，君怜无是非。
当时浣纱伴，莫得同车归。
持谢邻家子，效颦安可希。
%
《秋登兰山寄张五》
作者：孟浩然
北山白云里，隐者自怡悦。
相望始登高，心随雁飞灭。
愁因薄暮起，兴是清秋发。
时见归村人，沙行渡头歇。
天边树若荠，江畔洲如月。
何当载酒来，共醉重阳节。
%
《夏日南亭怀辛大》
作者：孟浩然
山光忽西落，池月渐东上。
散发乘夕凉，开轩卧闲敞。
荷风送香气，竹露滴清响。
欲取鸣琴弹，恨无知音赏。
感此怀故人，中宵劳梦想。
%
《宿业师山房待丁大不至》
作者：孟浩然
夕阳度西岭，群壑倏已暝。
松月生夜凉，风泉满清听。
樵人归尽欲，烟鸟栖初定。
之子期宿来，孤琴候萝径。
%
《同从弟南斋玩月忆山阴崔少府》
作者：王昌龄
高卧南斋时，开帷月初吐。
清辉淡水木，演漾在窗户。
苒苒几盈虚，澄澄变今古。
美人清江畔，是夜越吟苦。
千里其如何，微风吹兰杜。
%
《感遇・其二》
作者：张九龄
江南有丹桔，经冬犹绿林。
岂伊地气暖，自有岁寒心。
可以荐佳客，奈何阻重深。
运命唯所遇，循环不可寻。
徒言树桃李，此木岂无阴。
%
《寻西山隐者不遇》
作者：邱为
绝顶一茅茨，直上三十里。
叩关无僮仆，窥室惟案几。
若非巾柴车，应是钓秋水。
差池不相见，黾勉空仰止。
草色新雨中，松声晚窗里。
及兹契幽绝，自足荡心耳。
虽无宾主意，颇得清净理。
兴尽方下山，何必待之子。
%
`;
// the first 3223 characters of content/corpora/kjv-pentateuch.txt (Genesis 1), whole verses
const KJV_TRAIN = `In the beginning God created the heaven and the earth.
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
And the evening and the morning were the third day.
And God said, Let there be lights in the firmament of the heaven to divide the day from the night; and let them be for signs, and for seasons, and for days, and years:
And let them be for lights in the firmament of the heaven to give light upon the earth: and it was so.
And God made two great lights; the greater light to rule the day, and the lesser light to rule the night: he made the stars also.
And God set them in the firmament of the heaven to give light upon the earth,
And to rule over the day and over the night, and to divide the light from the darkness: and God saw that it was good.
And the evening and the morning were the fourth day.
And God said, Let the waters bring forth abundantly the moving creature that hath life, and fowl that may fly above the earth in the open firmament of heaven.
And God created great whales, and every living creature that moveth, which the waters brought forth abundantly, after their kind, and every winged fowl after his kind: and God saw that it was good.
And God blessed them, saying, Be fruitful, and multiply, and fill the waters in the seas, and let fowl multiply in the earth.
And the evening and the morning were the fifth day.
And God said, Let the earth bring forth the living creature after his kind, cattle, and creeping thing, and beast of the earth after his kind: and it was so.
And God made the beast of the earth after his kind, and cattle after their kind, and every thing that creepeth upon the earth after his kind: and God saw that it was good.
And God said, Let us make man in our image, after our likeness: and let them have dominion over the fish of the sea, and over the fowl of the air, and over the cattle, and over all the earth, and over every creeping thing that creepeth upon the earth.
`;
// held out: seven short poems from later in tang300.txt, starting at 《夜思》 (762 bytes)
const TANG_HELDOUT = `《夜思》
作者：李白
床前明月光，疑是地上霜。
举头望明月，低头思故乡。
%
《怨情》
作者：李白
美人卷珠帘，深坐蹙蛾眉。
但见泪痕湿，不知心恨谁。
%
《八阵图》
作者：杜甫
功盖三分国，名成八阵图。
江流石不转，遣恨失吞吴。
%
《登鹳雀楼》
作者：王之涣
白日依山尽，黄河入海流。
欲穷千里目，更上一层楼。
%
《送灵澈》
作者：刘长卿
苍苍竹林寺，杳杳钟声晚。
荷笠带斜阳，青山独归远。
%
《弹琴》
作者：刘长卿
泠泠七弦上，静听松风寒。
古调虽自爱，今人多不弹。
%
《送上人》
作者：刘长卿
孤云将野鹤，岂向人间住。
莫买沃洲山，时人已知处。
%
`;
// held out: the start of Exodus 20 from kjv-pentateuch.txt (780 bytes)
const KJV_HELDOUT = `And God spake all these words, saying,
I am the LORD thy God, which have brought thee out of the land of Egypt, out of the house of bondage.
Thou shalt have no other gods before me.
Thou shalt not make unto thee any graven image, or any likeness of any thing that is in heaven above, or that is in the earth beneath, or that is in the water under the earth:
Thou shalt not bow down thyself to them, nor serve them: for I the LORD thy God am a jealous God, visiting the iniquity of the fathers upon the children unto the third and fourth generation of them that hate me;
And shewing mercy unto thousands of them that love me, and keep my commandments.
Thou shalt not take the name of the LORD thy God in vain; for the LORD will not hold him guiltless that taketh his name in vain.
`;
// GPT-2 token counts were produced once, outside the tests, with js-tiktoken 1.0.21 (a devDependency of llmpath):
//   const { Tiktoken } = require("js-tiktoken/lite"); const ranks = require("js-tiktoken/ranks/gpt2");
//   new Tiktoken(ranks).encode(text).length
// (lab tests may import nothing but the learner's code, llmpath/tensor and llmpath/testing).
const GPT2_TANG_HELDOUT = 555; // GPT-2 tokens for TANG_HELDOUT
const GPT2_KJV_HELDOUT = 193; // GPT-2 tokens for KJV_HELDOUT
// The first merges and the token count of trainBpe(TANG_TRAIN + KJV_TRAIN, 768) as specified in the README
// (pairs counted inside pre-tokens, weighted by frequency; ties to the smallest (first id, second id)).
// Bytes: 0xE4–0xE9 lead most CJK characters; 0xEF 0xBC 0x8C is the full-width comma "，"; 32 is a space.
const FIRST_MERGES: [number, number][] = [[116,104],[32,256],[257,101],[227,128],[110,100],[239,188],[261,140],[259,130],[32,97],[101,114],[264,260],[32,119],[105,110],[32,102],[101,97],[228,184]];
const TRAIN_TOKENS = 2501;
