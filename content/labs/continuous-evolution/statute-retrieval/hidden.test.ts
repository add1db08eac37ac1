// Statute retrieval: tests run at grading only — BM25 against a reference, what the glossary buys, fusion edge cases, citation checks.
import { answer, Bm25, buildIndex, evaluate, LsaIndex, reciprocalRankFusion, search, tokenize } from "learner";
import { expectClose, expectEqual, expectTrue, test } from "llmpath/testing";

// ─── An INVENTED statute book. "Fictional City" (虚构市) does not exist; none of these articles is real law. ───
// 以下法规汇编完全虚构：“虚构市”并不存在，任何条文都不是真实法律，仅供本实验使用。
const LAWS: Record<string, { zh: string; en: string }> = {
  LIB: { zh: "虚构市图书馆管理条例", en: "Fictional City Library Ordinance" },
  BIKE: { zh: "虚构市共享单车停放办法", en: "Fictional City Shared Bicycle Parking Rules" },
  DOG: { zh: "虚构市犬只饲养规定", en: "Fictional City Dog Keeping Regulations" },
};
const ARTICLES: [string, string, string][] = [
  ["LIB-1", "本条例适用于虚构市所有公共图书馆及其分馆。", "This ordinance applies to every public library of Fictional City and its branches."],
  ["LIB-2", "年满六周岁的居民凭身份证件可免费办理借书证。", "Residents aged six or older may obtain a library card free of charge by showing an identity document."],
  ["LIB-3", "每张借书证最多同时借阅十册图书，借期为二十一天。", "Each card may borrow at most ten books at a time, and the loan period is twenty-one days."],
  ["LIB-4", "借期届满前可在线续借一次，续借期限为十四天；已被他人预约的图书不得续借。", "A loan may be renewed once online before it expires, for fourteen days; a book reserved by another reader cannot be renewed."],
  ["LIB-5", "逾期归还图书的，每册每日收取滞纳金零点一元，累计不超过该书定价。", "Overdue books incur a late fee of 0.1 yuan per book per day, capped at the price of the book."],
  ["LIB-6", "损坏或遗失图书的，应按原价赔偿，珍本古籍按原价五倍赔偿。", "A reader who damages or loses a book shall pay its original price; rare and ancient books are compensated at five times the price."],
  ["LIB-7", "阅览室内禁止饮食、吸烟和大声喧哗，手机应调至静音。", "Eating, drinking, smoking and loud talking are prohibited in reading rooms, and phones must be on silent."],
  ["LIB-8", "图书馆每周开放不少于六十小时，法定节假日开放时间另行公告。", "Libraries open at least sixty hours a week; opening hours on public holidays are announced separately."],
  ["LIB-9", "读者可预约已借出的图书，图书归还后保留七天供预约者领取。", "Readers may reserve a book that is on loan; once returned it is held for seven days for the reader who reserved it."],
  ["LIB-10", "图书馆应当保护读者的借阅记录，未经本人同意不得向第三方提供。", "The library shall protect readers' borrowing records and may not disclose them to third parties without the reader's consent."],
  ["BIKE-1", "本办法适用于在虚构市城区内运营的共享单车及其使用者。", "These rules apply to shared bicycles operated in the urban area of Fictional City and to their riders."],
  ["BIKE-2", "运营企业投放车辆前应向交通主管部门备案，并公布投放数量。", "Before putting bicycles into service, an operator shall register with the transport authority and publish the fleet size."],
  ["BIKE-3", "使用者应将单车停放在划定的停车区域内，不得停放在盲道、消防通道或机动车道上。", "Riders shall park bicycles inside marked parking zones and never on tactile paving, fire lanes or motor vehicle lanes."],
  ["BIKE-4", "违规停放的，运营企业应在两小时内清理；逾期未清理的，由城管部门拖移并向企业收取费用。", "An operator shall remove an improperly parked bicycle within two hours; otherwise the city management bureau tows it and charges the operator."],
  ["BIKE-5", "未满十二周岁的儿童不得骑行共享单车。", "Children under twelve years of age may not ride shared bicycles."],
  ["BIKE-6", "运营企业收取的押金应存入专用账户，用户申请退还押金的，应在三个工作日内退还。", "Deposits collected by an operator shall be kept in a dedicated account and refunded within three working days of a user's request."],
  ["BIKE-7", "运营企业应定期检修车辆，发现刹车、车铃等部件损坏的车辆应立即停止使用。", "Operators shall service bicycles regularly and immediately withdraw any bicycle with broken brakes, bell or other parts."],
  ["BIKE-8", "骑行者发生交通事故的，运营企业应协助处理并提供骑行记录。", "When a rider is involved in a traffic accident, the operator shall assist and provide the trip record."],
  ["BIKE-9", "运营企业应为每次骑行购买意外伤害保险。", "Operators shall buy accident injury insurance covering every trip."],
  ["BIKE-10", "使用者多次违规停放的，运营企业可暂停其账户使用资格三十日。", "An operator may suspend the account of a rider who repeatedly parks improperly for thirty days."],
  ["DOG-1", "本规定适用于在虚构市行政区域内饲养犬只的单位和个人。", "These regulations apply to organisations and individuals keeping dogs within the administrative area of Fictional City."],
  ["DOG-2", "饲养犬只应当在取得犬只后三十日内办理登记，并为犬只注射狂犬病疫苗。", "A dog keeper shall register the dog within thirty days of obtaining it and have it vaccinated against rabies."],
  ["DOG-3", "每户居民在城区内限养一只犬。", "Each household in the urban area may keep only one dog."],
  ["DOG-4", "携犬出户时应为犬只佩戴犬牌并使用不超过一点五米的牵引绳。", "When taking a dog outdoors the keeper shall attach its tag and use a leash no longer than one and a half metres."],
  ["DOG-5", "携犬出户时应及时清除犬只排泄物。", "A keeper walking a dog outdoors shall promptly clean up its droppings."],
  ["DOG-6", "禁止携犬进入学校、医院、商场和公共交通工具，导盲犬除外。", "Dogs may not be taken into schools, hospitals, shopping malls or public transport, except guide dogs."],
  ["DOG-7", "犬只伤人的，饲养人应立即将受伤者送医，并承担医疗费用。", "If a dog bites or injures a person, its keeper shall take the injured person to hospital at once and pay the medical costs."],
  ["DOG-8", "城区内禁止饲养烈性犬，具体名录由公安部门公布。", "Dangerous dog breeds may not be kept in the urban area; the list is published by the public security bureau."],
  ["DOG-9", "饲养人不得遗弃犬只；不能继续饲养的，应送交收容机构。", "Keepers may not abandon dogs; a keeper who can no longer keep a dog shall hand it over to a shelter."],
  ["DOG-10", "违反第四条规定的，由公安部门给予警告，拒不改正的处五十元罚款。", "Breaking Article 4 leads to a warning from the public security bureau, and a fine of fifty yuan for refusing to correct it."],
];
const QUERIES: [string, string[]][] = [
  ["借书证怎么办理，要收费吗？", ["LIB-2"]],
  ["一次最多能借几本书？", ["LIB-3"]],
  ["书到期了还能续借吗", ["LIB-4"]],
  ["还书晚了要交多少钱", ["LIB-5"]],
  ["把图书馆的书弄丢了怎么赔", ["LIB-6"]],
  ["能在阅览室吃东西吗", ["LIB-7"]],
  ["图书馆会把我的借阅记录给别人吗", ["LIB-10"]],
  ["How long can I keep a borrowed book?", ["LIB-3"]],
  ["What is the fine for returning a book late?", ["LIB-5"]],
  ["Can I reserve a book someone else has checked out?", ["LIB-9"]],
  ["Is the library open on holidays?", ["LIB-8"]],
  ["单车可以停在盲道上吗", ["BIKE-3"]],
  ["共享单车押金多久退", ["BIKE-6"]],
  ["小孩几岁可以骑共享单车", ["BIKE-5"]],
  ["乱停的单车谁来清理", ["BIKE-4"]],
  ["骑共享单车出了事故怎么办", ["BIKE-8", "BIKE-9"]],
  ["Where am I allowed to leave a shared bike?", ["BIKE-3"]],
  ["How fast must my deposit be returned?", ["BIKE-6"]],
  ["What happens to my account if I keep parking badly?", ["BIKE-10"]],
  ["The brakes on my bike are broken, what must the operator do?", ["BIKE-7"]],
  ["养狗需要登记吗", ["DOG-2"]],
  ["一户可以养几只狗", ["DOG-3"]],
  ["遛狗要拴绳吗，绳子多长", ["DOG-4"]],
  ["狗咬人了谁出医药费", ["DOG-7"]],
  ["可以带狗坐地铁吗", ["DOG-6"]],
  ["Do I need a leash when I walk my dog?", ["DOG-4"]],
  ["Can I bring my dog into a shopping mall?", ["DOG-6"]],
  ["My dog bit a neighbour, who pays the hospital bill?", ["DOG-7"]],
  ["What is the penalty for walking a dog without a leash?", ["DOG-10", "DOG-4"]],
  ["I cannot keep my dog anymore, can I just leave it?", ["DOG-9"]],
];

const BOOK = ARTICLES.map(([id, zh, en]) => {
  const [law, n] = id.split("-") as [string, string];
  return { id, lawZh: LAWS[law]!.zh, lawEn: LAWS[law]!.en, number: Number(n), zh, en };
});
const QUERY_SET = QUERIES.map(([query, relevant]) => ({ query, relevant }));

type Index = unknown; // whatever buildIndex returns; only passed back to the learner's functions
let built: Index | undefined;
/** The index is built on first use, so a missing function fails its own tests instead of the whole file. */
const idx = (): Index => {
  built ??= buildIndex(BOOK);
  return built;
};

/** Okapi BM25 written out again, independently of the learner's class. */
function referenceBm25(docs: string[][], query: string[], k1 = 1.2, b = 0.75): number[] {
  const N = docs.length;
  const avgdl = docs.reduce((s, d) => s + d.length, 0) / N;
  return docs.map((d) => {
    let s = 0;
    for (const t of new Set(query)) {
      const f = d.filter((x) => x === t).length;
      if (f === 0) continue;
      const n = docs.filter((x) => x.includes(t)).length;
      s += Math.log(1 + (N - n + 0.5) / (n + 0.5)) * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avgdl)));
    }
    return s;
  });
}

test("BM25 scores on the statute book match an independent implementation", () => {
  const docs = BOOK.map((a) => tokenize(`${a.lawZh} ${a.zh} ${a.lawEn} ${a.en}`));
  const bm = new Bm25(docs);
  for (const q of ["逾期归还图书", "guide dogs on public transport", "押金 deposit refund"]) {
    expectClose(bm.scores(tokenize(q)), referenceBm25(docs, tokenize(q)), { atol: 1e-9, rtol: 1e-9, label: q });
  }
}, { taskId: "task-2" });

test("a query made only of unknown words gets zero dense scores", () => {
  const lsa = new LsaIndex([["a1", "b1"], ["b1", "c1"], ["c1", "d1"]], 2);
  expectClose(lsa.scores(["zz"]), [0, 0, 0], { atol: 0, rtol: 0, label: "scores" });
}, { taskId: "task-3" });

test("fusion of lists of different lengths; an id missing from one list still scores from the other", () => {
  expectEqual(reciprocalRankFusion([["A", "B"], ["C", "A"]], 1), ["A", "C", "B"], "k = 1: A 1/2 + 1/3, C 1/2, B 1/3");
}, { taskId: "task-4" });

test("the glossary matters: BM25 hit rate@3 (a relevant article in the top 3) rises by at least 0.15 with query expansion", () => {
  const queries = QUERY_SET;
  const r = (expand: boolean) => queries.reduce((s, q) => s + (search(idx(), q.query, "bm25", { expand }).slice(0, 3).some((id: string) => q.relevant.includes(id)) ? 1 : 0), 0) / queries.length;
  const without = r(false);
  const withGlossary = r(true);
  expectTrue(withGlossary - without >= 0.15, `hit rate@3 without the glossary ${without.toFixed(3)}, with it ${withGlossary.toFixed(3)}`);
}, { taskId: "task-5" });

test("hybrid MRR on the question set ≥ 0.85 and ≥ each retriever's", () => {
  const m = (method: "bm25" | "dense" | "hybrid") => evaluate(idx(), QUERY_SET, method, 3).mrr;
  expectTrue(m("hybrid") >= 0.85, `hybrid MRR ${m("hybrid").toFixed(3)} ≥ 0.85`);
  expectTrue(m("hybrid") >= m("bm25") && m("hybrid") >= m("dense"), `MRR: hybrid ${m("hybrid").toFixed(3)}, BM25 ${m("bm25").toFixed(3)}, dense ${m("dense").toFixed(3)}`);
}, { taskId: "task-5" });

test("every answer cites a retrieved article, quotes it verbatim, and ≥ 80% of citations are relevant", () => {
  let right = 0;
  for (const q of QUERY_SET) {
    const a = answer(idx(), q.query, 5);
    const art = BOOK.find((x) => x.id === a.citation);
    expectTrue(art !== undefined && a.retrieved.includes(a.citation), `${q.query}: cited ${a.citation}, retrieved ${a.retrieved.join(", ")}`);
    expectTrue(a.text.endsWith(/[\u4e00-\u9fff]/.test(q.query) ? art!.zh : art!.en), `${q.query}: the answer quotes ${a.citation} in the question's language`);
    if (q.relevant.includes(a.citation)) right++;
  }
  expectTrue(right / QUERY_SET.length >= 0.8, `citation precision ${(right / QUERY_SET.length).toFixed(3)} ≥ 0.8`);
}, { taskId: "task-6" });
