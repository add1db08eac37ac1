// Cross-entropy and perplexity lab: the tests shown to the learner.
import { bigramPerplexity, bitsPerCharacter, buildVocab, crossEntropy, encode, logSoftmax, perplexity, softmax, trainBigram, UNK } from "learner";
import { tensor, zeros } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

/** Plain float64 log-softmax of one row, the independent reference for these tests. */
function refLogSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
  return row.map((x) => x - lse);
}

const ids = (xs: number[]) => tensor(Int32Array.from(xs));

test("logSoftmax of small logits matches the textbook formula", () => {
  const rows = [[1, 2, 3], [0.5, -1.5, 0]];
  const out = logSoftmax(tensor(rows), -1);
  expectShape(out, [2, 3]);
  expectClose(out, rows.map(refLogSoftmax), { atol: 1e-6, rtol: 1e-6 });
}, { taskId: "task-1" });

test("logSoftmax stays finite for logits of ±1000", () => {
  const out = logSoftmax(tensor([[1000, -1000, 0], [1000, 1000, -1000]]), -1);
  const values = out.toFloat32Array();
  expectTrue(values.every((v: number) => Number.isFinite(v)), `every entry should be finite, got ${Array.from(values)}`);
  expectClose(out, [[0, -2000, -1000], [-Math.LN2, -Math.LN2, -2000 - Math.LN2]], { atol: 1e-4, rtol: 1e-6 });
}, { taskId: "task-1" });

test("logSoftmax and softmax respect the dim argument", () => {
  const x = tensor([[1, 2], [3, 5], [-1, 0]]);
  const cols = [[1, 3, -1], [2, 5, 0]].map(refLogSoftmax); // per column
  expectClose(logSoftmax(x, 0), [[cols[0][0], cols[1][0]], [cols[0][1], cols[1][1]], [cols[0][2], cols[1][2]]], { atol: 1e-6, rtol: 1e-6 });
  expectClose(softmax(x, 0).sum(0), [1, 1], { atol: 1e-6, rtol: 0 });
  expectClose(softmax(tensor([[-1000, 1000, 999]]), -1), [[0, 1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1))]], { atol: 1e-6, rtol: 1e-5 });
}, { taskId: "task-1" });

test("crossEntropy of uniform logits is log C", () => {
  const loss = crossEntropy(zeros([4, 7]), ids([0, 3, 6, 2]));
  expectShape(loss, []);
  expectClose(loss.item(), Math.log(7), { atol: 1e-6, rtol: 1e-6 });
}, { taskId: "task-2" });

test("crossEntropy skips ignoreIndex targets and averages over the rest", () => {
  const rows = [[2, 1, 0.1], [0.5, 2.5, -1], [1, 1, 1], [0, -2, 3]];
  const targets = [0, -100, 2, 2];
  const kept = rows.map((r, i) => (targets[i] === -100 ? null : -refLogSoftmax(r)[targets[i]])).filter((v): v is number => v !== null);
  const expected = kept.reduce((s, v) => s + v, 0) / kept.length; // 0.52354...
  expectClose(crossEntropy(tensor(rows), ids(targets), { ignoreIndex: -100 }).item(), expected, { atol: 1e-6, rtol: 1e-6 });
  expectClose(crossEntropy(tensor(rows), ids(targets)).item(), expected, { atol: 1e-6, rtol: 1e-6, label: "default ignoreIndex is -100" });
}, { taskId: "task-2" });

test("the gradient of crossEntropy is (softmax − onehot) / N", () => {
  const rows = [[0.2, -1, 3, 0.5], [1, 1, -2, 0], [-0.3, 0.8, 0.1, 2]];
  const targets = [2, 0, 1];
  const x = tensor(rows, { requiresGrad: true });
  crossEntropy(x, ids(targets)).backward();
  const expected = rows.map((r, i) => refLogSoftmax(r).map((lp, c) => (Math.exp(lp) - (c === targets[i] ? 1 : 0)) / rows.length));
  expectClose(x.grad, expected, { atol: 1e-6, rtol: 1e-5 });
}, { taskId: "task-2" });

test("a uniform model over V classes has perplexity V", () => {
  expectClose(perplexity(zeros([5, 50]), ids([1, 2, 3, 4, 49])), 50, { atol: 0, rtol: 1e-5 });
  expectClose(perplexity(tensor([[0, 0], [0, 0]]), ids([0, -100]), { ignoreIndex: -100 }), 2, { atol: 0, rtol: 1e-5 });
}, { taskId: "task-3" });

test("bitsPerCharacter converts nats to bits", () => {
  expectClose(bitsPerCharacter(Math.log(2)), 1, { atol: 1e-12, rtol: 0 });
  expectClose(bitsPerCharacter(Math.log(256)), 8, { atol: 1e-12, rtol: 0 });
  expectClose(bitsPerCharacter(2), 2 / Math.LN2, { atol: 1e-12, rtol: 0 });
}, { taskId: "task-3" });

test("vocabulary and encoding: UNK first, then the sorted distinct characters", () => {
  const vocab = buildVocab("baab");
  expectEqual(vocab, [UNK, "a", "b"]);
  expectEqual(encode("abcz", vocab), [1, 2, 0, 0]);
}, { taskId: "task-4" });

test("add-α bigram probabilities on a tiny text", () => {
  // "abab": bigrams ab, ba, ab. V = 3 (UNK, a, b). With α = 1: P(b|a) = (2+1)/(2+3), P(a|b) = (1+1)/(1+3), P(·|UNK) = 1/3.
  const model = trainBigram("abab", 1);
  expectShape(model.logProbs, [3, 3]);
  expectClose(model.logProbs.exp(), [[1 / 3, 1 / 3, 1 / 3], [1 / 5, 1 / 5, 3 / 5], [1 / 4, 2 / 4, 1 / 4]], { atol: 1e-6, rtol: 1e-5 });
  // Scoring "abba": P(b|a)·P(b|b)·P(a|b) = 3/5 · 1/4 · 2/4 over 3 predictions.
  const expected = Math.exp(-(Math.log(3 / 5) + Math.log(1 / 4) + Math.log(2 / 4)) / 3);
  expectClose(bigramPerplexity(model, "abba"), expected, { atol: 0, rtol: 1e-5 });
}, { taskId: "task-4" });

// The first 14 poems of tang300.txt for training, the next 3 for validation (newlines and "%" separators are characters too).
const TRAIN = `《感遇・其一》
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
《春泛若耶溪》
作者：綦毋潜
幽意无断绝，此去随所偶。
晚风吹行舟，花路入溪口。
际夜转西壑，隔山望南斗。
潭烟飞溶溶，林月低向后。
生事且弥漫，愿为持竿叟。
%
`;
const VALID = `《宿王昌龄隐居》
作者：常建
清溪深不测，隐处惟孤云。
松际露微月，清光犹为君。
茅亭宿花影，药院滋苔纹。
余亦谢时去，西山鸾鹤群。
%
《与高适薛据登慈恩寺浮图》
作者：岑参
塔势如涌出，孤高耸天宫。
登临出世界，蹬道盘虚空。
突兀压神州，峥嵘如鬼工。
四角碍白日，七层摩苍穹。
下窥指高鸟，俯听闻惊风。
连山若波涛，奔凑如朝东。
青槐夹驰道，宫馆何玲珑。
秋色从西来，苍然满关中。
五陵北原上，万古青蒙蒙。
净理了可悟，胜因夙所宗。
誓将挂冠去，觉道资无穷。
%
《贼退示官吏・并序》
作者：元结
癸卯岁西原贼入道州，焚烧杀掠，几尽而去。
明年，贼又攻永州破邵，不犯此州边鄙而退。
岂力能制敌欤？盖蒙其伤怜而已。
诸使何为忍苦征敛，故作诗一篇以示官吏。
  
昔岁逢太平，山林二十年。
泉源在庭户，洞壑当门前。
井税有常期，日晏犹得眠。
忽然遭世变，数岁亲戎旃。
今来典斯郡，山夷又纷然。
城小贼不屠，人贫伤可怜。
是以陷邻境，此州独见全。
使臣将王命，岂不如贼焉。
令彼征敛者，迫之如火煎。
谁能绝人命，以作时世贤。
思欲委符节，引竿自刺船。
将家就鱼麦，归老江湖边。
%
`;

test("bigram validation perplexity on Tang poems (α = 0.1)", () => {
  const model = trainBigram(TRAIN, 0.1);
  expectEqual(model.vocab.length, 529, "vocabulary size (528 characters + UNK)");
  const ppl = bigramPerplexity(model, VALID);
  // Reference computed independently in float64 (Python): 322.78897579...
  expectClose(ppl, 322.7889757942946, { atol: 0, rtol: 1e-4 });
  expectClose(bitsPerCharacter(Math.log(ppl)), 8.33444749689571, { atol: 1e-4, rtol: 0, label: "bits per character" });
}, { taskId: "task-4" });
