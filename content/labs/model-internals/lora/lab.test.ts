// LoRA: the tests shown to the learner — init, zero-B gradients, merge, q/v targeting, LoRA vs full fine-tuning.
import { applyLoRA, countTrainable, fineTune, LoRALinear, loraParamCount, trainingMemoryBytes } from "learner";
import { arange, F, manualSeed, nn, optim, randint, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// Corpora: 50 Tang poems (content/corpora/tang300.txt) for pre-training, 95 Song poems (song100.txt) to adapt to.
// One poem per entry, its lines joined by "/".
const TANG = [
  "兰叶春葳蕤，桂华秋皎洁。/欣欣此生意，自尔为佳节。/谁知林栖者，闻风坐相悦。/草木有本心，何求美人折？",
  "浮云终日行，游子久不至。/三夜频梦君，情亲见君意。/告归常局促，苦道来不易。/江湖多风波，舟楫恐失坠。/出门搔白首，若负平生志。/冠盖满京华，斯人独憔悴。/孰云网恢恢，将老身反累。/千秋万岁名，寂寞身后事。",
  "圣代无隐者，英灵尽来归。/遂令东山客，不得顾采薇。/既至金门远，孰云吾道非。/江淮度寒食，京洛缝春衣。/置酒长安道，同心与我违。/行当浮桂棹，未几拂荆扉。/远树带行客，孤城当落晖。/吾谋适不用，勿谓知音稀。",
  "下马饮君酒，问君何所之。/君言不得意，归卧南山陲。/但去莫复问，白云无尽时。",
  "言入黄花川，每逐青溪水。/随山将万转，趣途无百里。/声喧乱石中，色静深松里。/漾漾泛菱荇，澄澄映葭苇。/我心素已闲，清川澹如此。/请留盘石上，垂钓将已矣。",
  "斜光照墟落，穷巷牛羊归。/野老念牧童，倚杖候荆扉。/雉雊麦苗秀，蚕眠桑叶稀。/田夫荷锄至，相见语依依。/即此羡闲逸，怅然吟式微。",
  "艳色天下重，西施宁久微。/朝为越溪女，暮作吴宫妃。/贱日岂殊众，贵来方悟稀。/邀人傅粉粉，不自著罗衣。/君宠益娇态，君怜无是非。/当时浣纱伴，莫得同车归。/持谢邻家子，效颦安可希。",
  "北山白云里，隐者自怡悦。/相望始登高，心随雁飞灭。/愁因薄暮起，兴是清秋发。/时见归村人，沙行渡头歇。/天边树若荠，江畔洲如月。/何当载酒来，共醉重阳节。",
  "山光忽西落，池月渐东上。/散发乘夕凉，开轩卧闲敞。/荷风送香气，竹露滴清响。/欲取鸣琴弹，恨无知音赏。/感此怀故人，中宵劳梦想。",
  "夕阳度西岭，群壑倏已暝。/松月生夜凉，风泉满清听。/樵人归尽欲，烟鸟栖初定。/之子期宿来，孤琴候萝径。",
  "高卧南斋时，开帷月初吐。/清辉淡水木，演漾在窗户。/苒苒几盈虚，澄澄变今古。/美人清江畔，是夜越吟苦。/千里其如何，微风吹兰杜。",
  "江南有丹桔，经冬犹绿林。/岂伊地气暖，自有岁寒心。/可以荐佳客，奈何阻重深。/运命唯所遇，循环不可寻。/徒言树桃李，此木岂无阴。",
  "绝顶一茅茨，直上三十里。/叩关无僮仆，窥室惟案几。/若非巾柴车，应是钓秋水。/差池不相见，黾勉空仰止。/草色新雨中，松声晚窗里。/及兹契幽绝，自足荡心耳。/虽无宾主意，颇得清净理。/兴尽方下山，何必待之子。",
  "幽意无断绝，此去随所偶。/晚风吹行舟，花路入溪口。/际夜转西壑，隔山望南斗。/潭烟飞溶溶，林月低向后。/生事且弥漫，愿为持竿叟。",
  "清溪深不测，隐处惟孤云。/松际露微月，清光犹为君。/茅亭宿花影，药院滋苔纹。/余亦谢时去，西山鸾鹤群。",
  "塔势如涌出，孤高耸天宫。/登临出世界，蹬道盘虚空。/突兀压神州，峥嵘如鬼工。/四角碍白日，七层摩苍穹。/下窥指高鸟，俯听闻惊风。/连山若波涛，奔凑如朝东。/青槐夹驰道，宫馆何玲珑。/秋色从西来，苍然满关中。/五陵北原上，万古青蒙蒙。/净理了可悟，胜因夙所宗。/誓将挂冠去，觉道资无穷。",
  "兵卫森画戟，燕寝凝清香。/海上风雨至，逍遥池阁凉。/烦疴近消散，嘉宾复满堂。/自惭居处崇，未睹斯民康。/理会是非遣，性达形迹忘。/鲜肥属时禁，蔬果幸见尝。/俯饮一杯酒，仰聆金玉章。/神欢体自轻，意欲凌风翔。/吴中盛文史，群彦今汪洋。/方知大藩地，岂曰财赋强。",
  "凄凄去亲爱，泛泛入烟雾。/归棹洛阳人，残钟广陵树。/今朝为此别，何处还相遇。/世事波上舟，沿洄安得住。",
  "今朝郡斋冷，忽念山中客。/涧底束荆薪，归来煮白石。/欲恃一瓢酒，远慰风雨夕。/落叶满空山，何处寻行迹。",
  "落帆逗淮镇，停舫临孤驿。/浩浩风起波，冥冥日沉夕。/人归山郭暗，雁下芦洲白。/独夜忆秦关，听钟未眠客。",
  "暮从碧山下，山月随人归。/却顾所来径，苍苍横翠微。/相携及田家，童稚开荆扉。/绿竹入幽径，青萝拂行衣。/欢言得所憩，美酒聊共挥。/长歌吟松风，曲尽河星稀。/我醉君复乐，陶然共忘机。",
  "吏舍局终年，出郊旷清曙。/杨柳散和风，青山澹吾虑。/依丛适自憩，缘涧还复去。/微雨霭芳原，春鸠鸣何处。/乐幽心屡止，遵事迹犹遽。/终罢斯结庐，慕陶真可庶。",
  "永日方戚戚，出行复悠悠。/女子今有行，大江溯轻舟。/尔辈苦无恃，抚念益慈柔。/幼为长所育，两别泣不休。/对此结中肠，义往难复留。/自小阙内训，事姑贻我忧。/赖兹托令门，任恤庶无尤。/贫俭诚所尚，资从岂待周。/孝恭遵妇道，容止顺其猷。/别离在今晨，见尔当何秋。/居闲始自遣，临感忽难收。/归来视幼女，零泪缘缨流。",
  "汲井漱寒齿，清心拂尘服。/闲持贝叶书，步出东斋读。/真源了无取，妄迹世所逐。/遗言冀可冥，缮性何由熟。/道人庭宇静，苔色连深竹。/日出雾露余，青松如膏沐。/澹然离言说，悟悦心自足。",
  "久为簪组累，幸此南夷谪。/闲依农圃邻，偶似山林客。/晓耕翻露草，夜榜响溪石。/来往不逢人，长歌楚天碧。",
  "花间一壶酒，独酌无相亲。/举杯邀明月，对影成三人。/月既不解饮，影徒随我身。/暂伴月将影，行乐须及春。/我歌月徘徊，我舞影零乱。/醒时同交欢，醉后各分散。/永结无情游，相期邈云汉。",
  "燕草如碧丝，秦桑低绿枝。/当君怀归日，是妾断肠时。/春风不相识，何事入罗帏？",
  "岱宗夫如何，齐鲁青未了。/造化钟神秀，阴阳割昏晓。/荡胸生层云，决眦入归鸟。/会当凌绝顶，一览众山小。",
  "人生不相见，动如参与商。/今夕复何夕，共此灯烛光。/少壮能几时，鬓发各已苍。/访旧半为鬼，惊呼热中肠。/焉知二十载，重上君子堂。/昔别君未婚，儿女忽成行。/怡然敬父执，问我来何方。/问答乃未已，驱儿罗酒浆。/夜雨剪春韭，新炊间黄粱。/主称会面难，一举累十觞。/十觞亦不醉，感子故意长。/明日隔山岳，世事两茫茫。",
  "绝代有佳人，幽居在空谷。/自云良家女，零落依草木。/关中昔丧乱，兄弟遭杀戮。/官高何足论，不得收骨肉。/世情恶衰歇，万事随转烛。/夫婿轻薄儿，新人美如玉。/合昏尚知时，鸳鸯不独宿。/但见新人笑，那闻旧人哭。/在山泉水清，出山泉水浊。/侍婢卖珠回，牵萝补茅屋。/摘花不插发，采柏动盈掬。/天寒翠袖薄，日暮倚修竹。",
  "死别已吞声，生别常恻恻。/江南瘴疠地，逐客无消息。/故人入我梦，明我常相忆。/君今在罗网，何以有羽翼？/恐非平生魂，路远不可测。/魂来枫林青，魂返关塞黑。/落月满屋梁，犹疑照颜色。/水深波浪阔，无使蛟龙得。",
  "蝉鸣空桑林，八月萧关道。/出塞复入塞，处处黄芦草。/从来幽并客，皆向沙场老。/莫学游侠儿，矜夸紫骝好。",
  "饮马渡秋水，水寒风似刀。/平沙日未没，黯黯见临洮。/昔日长城战，咸言意气高。/黄尘足今古，白骨乱蓬蒿。",
  "明月出天山，苍茫云海间。/长风几万里，吹度玉门关。/汉下白登道，胡窥青海湾。/由来征战地，不见有人还。/戍客望边色，思归多苦颜。/高楼当此夜，叹息未应闲。",
  "长安一片月，万户捣衣声。/秋风吹不尽，总是玉关情。/何日平胡虏，良人罢远征。",
  "妾发初覆额，折花门前剧。/郎骑竹马来，绕床弄青梅。/同居长干里，两小无嫌猜。/十四为君妇，羞颜未尝开。/低头向暗壁，千唤不一回。/十五始展眉，愿同尘与灰。/常存抱柱信，岂上望夫台。/十六君远行，瞿塘滟预堆。/五月不可触，猿声天上哀。/门前迟行迹，一一生绿苔。/苔深不能扫，落叶秋风早。/八月蝴蝶黄，双飞西园草。/感此伤妾心，坐愁红颜老。/早晚下三巴，预将书报家。/相迎不道远，直至长风沙。",
  "梧桐相待老，鸳鸯会双死。/贞妇贵殉夫，舍生亦如此。/波澜誓不起，妾心井中水。",
  "慈母手中线，游子身上衣。/临行密密缝，意恐迟迟归。/谁言寸草心，报得三春晖。",
  "风吹柳花满店香，吴姬压酒唤客尝。/金陵子弟来相送，欲行不行各尽觞。/请君试问东流水，别意与之谁短长。",
  "轮台城头夜吹角，轮台城北旄头落。/羽书昨夜过渠黎，单于已在金山西。/戍楼西望烟尘黑，汉兵屯在轮台北。/上将拥旄西出征，平明吹笛大军行。/四边伐鼓雪海涌，三军大呼阴山动。/虏塞兵气连云屯，战场白骨缠草根。/剑河风急云片阔，沙口石冻马蹄脱。/亚相勤王甘苦辛，誓将报主静边尘。/古来青史谁不见，今见功名胜古人。",
  "北风卷地白草折，胡天八月即飞雪。/忽如一夜春风来，千树万树梨花开。/散入珠帘湿罗幕，狐裘不暖锦衾薄。/将军角弓不得控，都护铁衣冷犹著。/瀚海阑干百丈冰，愁云惨淡万里凝。/中军置酒饮归客，胡琴琵琶与羌笛。/纷纷暮雪下辕门，风掣红旗冻不翻。/轮台东门送君去，去时雪满天山路。/山回路转不见君，雪上空留马行处。",
  "将军魏武之子孙，于今为庶为清门。/英雄割据虽已矣，文彩风流今尚存。/学书初学卫夫人，但恨无过王右军。/丹青不知老将至，富贵于我如浮云。/开元之中常引见，承恩数上南薰殿。/凌烟功臣少颜色，将军下笔开生面。/良相头上进贤冠，猛将腰间大羽箭。/褒公鄂公毛发动，英姿飒爽犹酣战。/先帝玉马玉花骢，画工如山貌不同。/是日牵来赤墀下，迥立阊阖生长风。/诏谓将军拂绢素，意匠惨淡经营中。/斯须九重真龙出，一洗万古凡马空。/玉花却在御榻上，榻上庭前屹相向。/至尊含笑催赐金，圉人太仆皆惆怅。/弟子韩干早入室，亦能画马穷殊相。/干惟画肉不画骨，忍使骅骝气凋丧。/将军画善盖有神，偶逢佳士亦写真。/即今漂泊干戈际，屡貌寻常行路人。/途穷反遭俗眼白，世上未有如公贫。/但看古来盛名下，终日坎壈缠其身。",
  "今我不乐思岳阳，身欲奋飞病在床。/美人娟娟隔秋水，濯足洞庭望八荒。/鸿飞冥冥日月白，青枫叶赤天雨霜。/玉京群帝集北斗，或骑麒麟翳凤凰。/芙蓉旌旗烟雾落，影动倒景摇潇湘。/星宫之君醉琼浆，羽人稀少不在旁。/似闻昨者赤松子，恐是汉代韩张良。/昔随刘氏定长安，帷幄未改神惨伤。/国家成败吾岂敢，色难腥腐餐枫香。/周南留滞古所惜，南极老人应寿昌。/美人胡为隔秋水，焉得置之贡玉堂。",
  "孔明庙前有老柏，柯如青铜根如石。/霜皮溜雨四十围，黛色参天二千尺。/君臣已与时际会，树木犹为人爱惜。/云来气接巫峡长，月出寒通雪山白。/忆昨路绕锦亭东，先主武侯同閟宫。/崔嵬枝干郊原古，窈窕丹青户牖空。/落落盘踞虽得地，冥冥孤高多烈风。/扶持自是神明力，正直原因造化功。/大厦如倾要梁栋，万年回首丘山重。/不露文章世已惊，未辞剪伐谁能送。/苦心岂免容蝼蚁，香叶终经宿鸾凤。/志士幽人草怨嗟，古来材大难为用。",
  "男儿事长征，少小幽燕客。/赌胜马蹄下，由来轻七尺。/杀人莫敢前，须如猬毛磔。/黄云陇底白云飞，未得报恩不能归。/辽东小妇年十五，惯弹琵琶解歌舞。/今为羌笛出塞声，使我三军泪如雨。",
  "山石荦确行径微，黄昏到寺蝙蝠飞。/升堂坐阶新雨足，芭蕉叶大栀子肥。/僧言古壁佛画好，以火来照所见稀。/铺床拂席置羹饭，疏粝亦足饱我饥。/夜深静卧百虫绝，清月出岭光入扉。/天明独去无道路，出入高下穷烟霏。/山红涧碧纷烂漫，时见松枥皆十围。/当流赤足踏涧石，水声激激风吹衣。/人生如此自可乐，岂必局束为人鞿。/嗟哉吾党二三子，安得至老不更归。",
  "五岳祭秩皆三公，四方环镇嵩当中。/火维地荒足妖怪，天假神柄专其雄。/喷云泄雾藏半腹，虽有绝顶谁能穷。/我来正逢秋雨节，阴气晦味无清风。/潜心默祷若有应，岂非正直能感通。/须臾静扫众峰出，仰见突兀撑青空。/紫盖连延接天柱，石廪腾掷堆祝融。/森然魄动下马拜，松柏一径趋灵宫。/粉墙丹柱动光彩，鬼物图画填青红。/升阶伛偻荐脯酒，欲以菲薄明其衷。/庙内老人识神意，睢盱侦伺能鞠躬。/手持杯蛟导我掷，云此最吉余难同。/窜逐蛮荒幸不死，衣食才足甘长终。/侯王将相望久绝，神纵欲福难为功。/夜投佛寺上高阁，星月掩映云曈昽。/猿鸣钟动不知曙，杲杲寒日生于东。",
  "张生手持石鼓文，劝我试作石鼓歌。/少陵无人谪仙死，才薄将奈石鼓何。/周纲凌迟四海沸，宣王愤起挥天戈。/大开明堂受朝贺，诸侯剑佩鸣相磨。/搜于岐阳骋雄俊，万里禽兽皆遮罗。/镌功勒成告万世，凿石作鼓隳嵯峨。/从臣才艺咸第一，拣选撰刻留山阿。/雨淋日炙野火燎，鬼物守护烦撝呵。/公从何处得纸本，毫发尽备无差讹。/辞严义密读难晓，字体不类隶与蝌。/年深岂免有缺画，快剑砍断生蛟鼍。/鸾翔凤翥众仙下，珊瑚碧树交枝柯。/金绳铁索锁钮壮，古鼎跃水龙腾梭。/陋儒编诗不收入，二雅褊迫无委蛇。/孔子西行不到秦，掎摭星宿遗羲娥。/嗟余好古生苦晚，对此涕泪双滂沱。/忆昔初蒙博士征，其年始改称元和。/古人从军在右辅，为我度量掘臼科。/濯冠沐浴告祭酒，如此至宝存岂多。/毡包席裹可立致，十鼓只载数骆驼。/荐诸太庙比郜鼎，光价岂止百倍过。/圣恩若许留太学，诸生讲解得切磋。/观经鸿都尚填咽，坐见举国来奔波。/剜苔剔藓露节角，安置妥帖平不颇。/大厦深檐与覆盖，经历久远期无陀。/中朝大官老于事，讵肯感激徒媕娿。/牧童敲火牛砺角，谁复著手为摩挲。/日销月铄就埋没，六年西顾空吟哦。/羲之俗书趁姿媚，数纸尚可博白鹅。/继周八代争战罢，无人收拾理则那。/方今太平日无事，柄任儒术崇丘轲。/安能以此上论列，愿借辩口如悬河。/石鼓之歌止于此，呜呼吾意其蹉跎。",
  "渔翁夜傍西岩宿，晓汲清湘燃楚竹。/烟销日出不见人，欸乃一声山水绿。/回看天际下中流，岩上无心云相逐。",
  "汉皇重色思倾国，御宇多年求不得。/杨家有女初长成，养在深闺人未识。/天生丽质难自弃，一朝选在君王侧。/回眸一笑百媚生，六宫粉黛无颜色。/春寒赐浴华清池，温泉水滑洗凝脂。/侍儿扶起娇无力，始是新承恩泽时。/云鬓花颜金步摇，芙蓉帐暖度春宵。/春宵苦短日高起，从此君王不早朝。/承欢侍宴无闲暇，春从春游夜专夜。/后宫佳丽三千人，三千宠爱在一身。/金屋妆成娇侍夜，玉楼宴罢醉和春。/姊妹弟兄皆列土，可怜光彩生门户。/遂令天下父母心，不重生男重生女。/骊宫高处入青云，仙乐风飘处处闻。/缓歌谩舞凝丝竹，尽日君王看不足。/渔阳鼙鼓动地来，惊破霓裳羽衣曲。/九重城阙烟尘生，千乘万骑西南行。/翠华摇摇行复止，西出都门百余里。/六军不发无奈何，宛转蛾眉马前死。/花钿委地无人收，翠翘金雀玉搔头。/君王掩面救不得，回看血泪相和流。/黄埃散漫风萧索，云栈萦纡登剑阁。/峨嵋山下少人行，旌旗无光日色薄。/蜀江水碧蜀山青，圣主朝朝暮暮情。/行宫见月伤心色，夜雨闻铃肠断声。/天旋地转回龙驭，到此踌躇不能去。/马嵬坡下泥土中，不见玉颜空死处。/君臣相顾尽沾衣，东望都门信马归。/归来池苑皆依旧，太液芙蓉未央柳。/芙蓉如面柳如眉，对此如何不泪垂。/春风桃李花开日，秋雨梧桐叶落时。/西宫南内多秋草，落叶满阶红不扫。/梨园弟子白发新，椒房阿监青娥老。/夕殿萤飞思悄然，孤灯挑尽未成眠。/迟迟钟鼓初长夜，耿耿星河欲曙天。/鸳鸯瓦冷霜华重，翡翠衾寒谁与共。/悠悠生死别经年，魂魄不曾来入梦。/临邛道士鸿都客，能以精诚致魂魄。/为感君王辗转思，遂教方士殷勤觅。/排空驭气奔如电，升天入地求之遍。/上穷碧落下黄泉，两处茫茫皆不见。/忽闻海上有仙山，山在虚无缥渺间。/楼阁玲珑五云起，其中绰约多仙子。/中有一人字太真，雪肤花貌参差是。/金阙西厢叩玉扃，转教小玉报双成。/闻道汉家天子使，九华帐里梦魂惊。/揽衣推枕起徘徊，珠箔银屏迤逦开。/云鬓半偏新睡觉，花冠不整下堂来。/风吹仙袂飘飘举，犹似霓裳羽衣舞。/玉容寂寞泪阑干，梨花一枝春带雨。/含情凝睇谢君王，一别音容两渺茫。/昭阳殿里恩爱绝，蓬莱宫中日月长。/回头下望人寰处，不见长安见尘雾。/惟将旧物表深情，钿合金钗寄将去。/钗留一股合一扇，钗擘黄金合分钿。/但教心似金钿坚，天上人间会相见。/临别殷勤重寄词，词中有誓两心知。/七月七日长生殿，夜半无人私语时。/在天愿作比翼鸟，在地愿为连理枝。/天长地久有时尽，此恨绵绵无绝期。",
].join("/").replaceAll("/", "\n");
const SONG = [
  "鸣骹直上一千尺，天静无风声更干。/碧眼胡儿三百骑，尽提金勒向云看。",
  "今年寒食在商山，山里风光亦可怜：/稚子就花拈蛱蝶，人家依树系秋千。/郊原晓绿初经雨，巷陌春阴乍禁烟。/副使官闲莫惆怅，酒钱犹有撰碑钱。",
  "马穿山径菊初黄，信马悠悠野兴长。/万壑有声含晚籁，数峰无语立斜阳。/棠梨叶落胭脂色，荞麦花开白雪香。/何事吟余忽惆怅，村桥原树似吾乡。",
  "两株桃杏映篱斜，妆点商山副使家，/何事春风容不得，和莺吹折数枝花。/春云如兽复如禽，日照风吹浅又深。/谁道无心便容与，亦同翻覆小人心。",
  "命屈由来道日新，诗家权柄敌陶钧。/任无功业调金鼎，且有篇章到古人。/本与乐天为后进，敢期子美是前身。/从今莫厌闲官职，主管风骚胜要津。",
  "高楼聊引望，杳杳一川平。/远水无人渡，孤舟尽日横。/荒村生断霭，深树语流莺。/旧业遥清渭，沉思忽自惊。",
  "晓带轻烟间杏花，晚凝深翠拂平沙。/长条别有风流处，密映钱塘苏小家。",
  "巫阳归梦融千峰，辟恶香消翠被浓。/桂魄渐亏愁晓月，蕉心不展怨春风。/遥山黯黯眉长敛，一水盈盈语未通。/漫托鹍弦传恨意，云鬟日夕似飞蓬。",
  "锦字梭停掩夜机，白头吟若怨新知。/谁闻陇水回肠后，更听巴猿拭袂时。/汉殿微凉金屋闭，魏宫清晓玉壶欹。/多情不待悲秋气，只是伤春鬓已丝。",
  "众芳摇落独暄妍，占尽风情向小园。/疏影横斜水清浅，暗香浮动月黄昏。/霜禽欲下先偷眼，粉蝶如知合断魂。/幸有微吟可相狎，不须檀板共金尊。",
  "夜鹤晓猿时复闻，寥寥长似耿离群。/月中未要恨丹桂，岭上且来看白云。/棋子不妨临水着，诗题兼好共僧分。/新忧他日荣名后，难得幽栖事静君。",
  "底处凭栏思眇然，孤山塔后阁西偏。/阴沉画轴林间寺，零落棋枰葑上田。/秋景有时飞独鸟，夕阳无事起寒烟。/迟留更爱吾庐近，只待春来看雪天。",
  "一箔珠帘掩映垂，房栊轻染麝香枝。/佳人盼影横哀柱，狎客分光缀艳诗。/禁锁翠明初唱漏，官窗红短尚围棋。/长宵且秉欢游去，无限风光见古辞。",
  "油壁香车不再逢，峡云无迹任西东。/梨花院落溶溶月，柳絮池塘淡淡风。/几日寂寥伤酒后，一番萧瑟禁烟中。/鱼书欲寄何由达，水远山长处处同。",
  "坠素翻红各自伤，青楼烟雨忍相忘。/将飞更作回风舞，已落犹成半面妆。/沧海客归珠有泪，章台人去骨遗香。/可能无意传双蝶，尽付芳心与蜜房。",
  "枕中云气千峰近，床底松声万壑哀。/要看银山拍天浪，开窗放入大江来。",
  "汝坟贫家女，行哭音凄怆。/自言有老父，孤独无丁壮。/郡吏来何暴，官家不敢抗。/督遣勿稽留，龙种去携杖。/勤勤嘱四邻，幸愿相依傍。/适闻闾里归，问讯疑犹强。/果然寒雨中，僵死壤河上。/弱质无以托，横尸无以葬。/生女不如男，虽存何所当。/拊膺呼苍天，生死将奈向。",
  "行到东溪看水时，坐临孤屿发船迟。/野凫眠岸有闲意，老树着花无丑枝。/短短蒲耳齐似剪，平平沙石净于筛。/情虽不厌住不得，薄暮归来车马疲。/适与野情惬，千山高复低。/好峰随处改，幽径独行迷。/霜落熊升树，林空鹿饮溪。/人家在何许？云外一声鸡。",
  "春风疑不到天涯，二月山城未见花。/残雪压枝犹有桔，冻雷惊笋欲抽芽。/夜闻归雁生乡思，病入新年感物华。/曾是洛阳花下客，野芳虽晚不须嗟。",
  "竹树日已滋，轩窗渐幽兴。/人间与世远，鸟语知境静。/春光霭欲布，山色寒尚映。/独收万籁心，于此一枰竞。",
  "汉宫有佳人，天子初未识，/一朝随汉使，远嫁单于国。/绝色天下无，一失难再得，/虽能杀画工，于事竟何益？/耳目所及尚如此，万里安能制夷狄！/汉计诚已拙，女色难自夸。/明妃去时泪，洒向枝上花；/狂风日暮起，飘泊落谁家。/红颜胜人多薄命，莫怨春风当自嗟。",
  "我遭谗口身落此，每闻巧言宜可憎。/春到山城苦寂寞，把盏常恨无娉婷。/花开鸟语辄自醉，醉与花鸟为交朋。/花能嫣然顾我笑，鸟劝我饮非无情。/身闲酒美惜光景，惟恐鸟散花飘零。/可笑灵均楚泽畔，离骚憔悴愁独醒。",
  "卧闻岳阳城里钟，系舟岳阳城下树。/正见空江明月来，云水苍茫失江路。/夜深江月弄清辉，水上人歌月下归；/一阕声长听不尽，轻舟短楫去如飞。",
  "百啭千声随意移，山花红紫树高低。/始知锁向金笼听，不及林间自在啼。",
  "春阳泛野动，春阴与天低。/远林气蔼蔼，长道风依依。/览物虽暂适，感怀翻然移。/所见既可骇，所闻良可悲。/去年水后旱，田亩不及犁。/冬温晚得雪，宿麦生者稀。/前去固无望，即日已苦饥。/老稚满田野，斫掘寻凫茈。/此物近亦尽，卷耳共所资。/昔云能驱风，充腹理不疑；/今乃有毒厉，肠胃生疮痍。/十月七八死，当路横其尸。/犬彘咋其骨，乌鸢啄其皮。/胡为残良民，令此鸟兽肥？/高位厌梁肉，坐论搀云霓。/岂无富人术，使之长熙熙？/我今饥伶俜，悯此复自思：/自济既不暇，将复奈尔为！",
  "无战王者师，有备军之志。/天下承平数十年，此语虽存人所弃。/今岁西戎背世盟，直随秋风寇边城。/屠杀熟户烧障堡，十万驰骋山岳倾。/国家防塞今有谁？官为承制乳臭儿。/酣觞大嚼乃事业，何尝识会兵之机？/符移火急搜卒乘，意谓就戮如缚尸。/未成一军已出战，驱逐急使缘崄巇。/马肥甲重士饱喘，虽有弓剑何所施。/连颠自欲堕深谷，虏骑笑指声嘻嘻。/一麾发伏雁行出，山下掩截成重围。/我军免胄乞死所，承制面缚交涕洟。/逡巡下令艺者全，争献小技歌且吹。/其余劓首放之去，东走矢液皆淋漓。/道无耳准若怪兽，不自愧耻犹生归！/守者沮气陷者苦，尽由主将之所为。/地机不见欲侥胜，羞辱中国堪伤悲。",
  "嘉果浮沉酒半醺，床头书册乱纷纷。/北轩凉吹开疏竹，卧看青天行白云。",
  "院静春深昼掩扉，竹间闲看客争棋。/搜罗神鬼聚胸臆，措臻山河入范围。/局合龙蛇成阵斗，劫残鸿雁破行飞；/杀多项羽坑秦卒，败剧符坚畏晋师。/座上戈铤尝击搏，面前冰炭旋更移；/死生共抵两家事，胜负都由一着时。/当路断无相假借，对人须且强推辞；/腹心受害诚堪惧，唇齿生忧尚可医；/善用中伤为得策，阴行狡狯谓知机。/请观今日长安道，易地何尝不有之？",
  "学成九章开方诀，诵得一行乘除诗，/自然天性晓绝艺，可敌国手应吾师。/窗前横榻拥炉处，门外大雪压屋时，/独翻旧局辨错着，冷笑古人心许谁？",
  "乱条犹未变初黄，倚得东风势便狂。/解把飞花蒙日月，不知天地有清霜。",
  "明妃初出汉宫时，泪湿春风鬓脚垂。/低徊顾影无颜色，尚得君王不自持。/归来却怪丹青手，入眼平生几曾有；/意态由来画不成，当时枉杀毛延寿。/一去心知更不归，可怜着尽汉宫衣；/寄声欲问塞南事，只有年年鸿雁飞。/家人万里传消息，好在毡城莫相忆；/君不见咫尺长门闭阿娇，人生失意无南北。/明妃初嫁与胡儿，毡车百辆皆胡姬。/含情欲语独无处，传与琵琶心自知。/黄金杆拨春风手，弹看飞鸿劝胡酒。/汉宫侍女暗垂泪，沙上行人却回首。/汉恩自浅胡恩深，人生乐在相知心。/可怜青冢已芜没，尚有哀弦留至今。",
  "茅檐长扫静无苔，花木成畦手自栽。/一水护田将绿绕，两山排闼送青来。",
  "爆竹声中一岁除，春风送暖入屠苏。/千门万户曈曈日，总把新桃换旧符。",
  "莫将戏事扰真情，且可随缘道我赢。/战罢两奁分白黑，一枰何处有亏成。",
  "飞来峰上千寻塔，闻说鸡鸣见日升。/不畏浮云遮望眼，只缘身在最高层。",
  "京口瓜洲一水间，钟山只隔数重山。/春风又绿江南岸，明月何时照我还。",
  "华发寻春喜见梅，一株临路雪倍堆。/凤城南陌他年忆，香杳难随驿使来。",
  "云淡风轻近午天，傍花随柳过前川。/时人不识余心乐，将谓偷闲学少年。",
  "闲来无事不从容，睡觉东窗日已红。/万物静观皆自得，四时佳兴与人同。/道通天地有形外，思入风云变态中。/富贵不淫贫贱乐，男儿到此是豪雄。",
  "人生到处知何似，应似飞鸿踏雪泥：/泥上偶然留指爪，鸿飞那复计东西。/老僧已死成新塔，坏壁无由见旧题。/往日崎岖还记否，路上人困蹇驴嘶。",
  "江城地瘴蕃草木，只有名花苦幽独。/嫣然一笑竹篱间，桃李满山总粗俗。/也知造物有深意，故遣佳人在空谷。/自然富贵出天姿，不待金盘荐华屋。/朱唇得酒晕生脸，翠袖卷纱红映肉。/林深雾暗晓光迟，日暖风轻春睡足。/雨中有泪亦凄怆，月下无人更清淑。/先生食饱无一事，散步逍遥自扪腹。/不问人家与僧舍，拄杖敲门看修竹。/忽逢绝艳照衰朽，叹息无言揩病目。/陋邦何处得此花，无乃好事移西蜀。/寸根千里不易到，衔子飞来定鸿鹄。/天涯流落俱可念，为饮一樽歌此曲。/明朝酒醒还独来，雪落纷纷哪忍触。",
  "天欲雪，云满湖，楼台明灭山有无。/水清出石鱼可数，林深无人鸟相呼。/腊日不归对妻孥，名寻道人实自娱。/道人之居在何许？宝云山前路盘纡。/孤山孤绝谁肯庐？道人有道山不孤。/纸窗竹屋深自暖，拥褐坐睡依团蒲。/天寒路远愁仆夫，整驾催归及未晡。/出山回望云木合，但见野鹘盘浮图。/兹游淡薄欢有余，到家恍如梦蘧蘧。/作诗火急追亡逋，清景一失后难摹。",
  "人生识字忧患始，姓名粗记可以休。/何用草书夸神速，开卷戃恍令人愁。/我尝好之每自笑，君有此病何能瘳！/自言其中有至乐，适意无异逍遥游。",
  "东风未肯入东门，走马还寻去岁春。/人似秋鸿来有信，事如春梦了无痕。/江城白酒三杯酽，野老苍颜一笑温。/已约年年为此会，故人不用赋招魂。",
  "游人脚底一声雷，满座顽云拨不开，/天外黑风吹海立，浙东飞雨过江来。/十分潋滟金樽凸，千杖敲铿羯鼓催。/唤起谪仙泉酒面，倒倾鲛室泻琼瑰。",
  "春风陌上惊微尘，游人初乐岁华新。/人闲正好路旁饮，麦短未怕游车轮。/城中居人厌城郭，喧阗晓出空四邻。/歌鼓惊山草木动，箪瓢散野乌鸢驯。/何人聚众称道人，遮道卖符色怒嗔。/宜蚕使汝茧如瓮，宜畜使汝羊如麕。/路人未必信此语，强为买符禳新春。/道人得钱径沽酒，醉倒自谓吾符神。",
  "黑云翻墨未遮山，白雨跳珠乱入船。/卷地风来忽吹散，望湖楼下水如天。",
  "横看成岭侧成峰，远近高低各不同。/不识庐山真面目，只缘身在此山中。",
  "竹外桃花三两枝，春江水暖鸭先知。/萎蒿满地芦芽短，正是河豚欲上时。",
  "相携话别郑原上，共道长途怕雪泥。/归骑还寻大梁陌，行人已度古崤西。/曾为县吏民知否？旧宿僧房壁共题。/遥想独游佳味少，无方骓马但鸣嘶。",
  "骑牛远远过前村，短笛横吹隔陇闻。/多少长安名利客，机关用尽不如君。",
  "翰墨场中老伏波，菩提坊里病维摩。/近人积水无鸥鹭，时有归牛浮鼻过。/闭门觅句陈无己，对客挥毫秦少游。/正字不知温饱未，西风吹泪古藤州。",
  "凌波仙子生尘袜，水上轻盈步微月。/是谁招此断肠魂，种作寒花寄愁绝。/含香体素欲倾城，山矾是弟梅是兄。/坐对真成被花恼，出门一笑大江横。",
  "痴儿了却公家事，快阁东西倚晚晴。/落木千山天远大，澄江一道月分明。/朱弦已为佳人绝，青眼聊因美酒横。/万里归船弄长笛，此心吾与白鸥盟。",
  "我居北海君南海，寄雁传书谢不能。/桃李春风一杯酒，江湖夜雨十年灯。/持家但有四立壁，治国不蕲三折肱。/想得读书头已白，隔溪猿哭瘴烟滕。",
  "投荒万死鬓毛斑，生入瞿塘滟滪关。/未到江南先一笑，岳阳楼上对君山。/满川风雨独凭栏，绾结湘娥十二鬟。/可惜不当湖水面，银山堆里看青山。",
  "偶无公事负朝暄，三百枯棋共一樽。/坐隐不知岩穴乐，手谈胜与俗人言。/簿书堆积尘生案，车马淹留客在门。/战胜将骄疑必败，果然终取敌兵翻。/偶无公事客休时，席上谈兵校两棋。/心似蛛丝游碧落，身如蜩甲化枯枝。/湘东一目诚甘死，天下中分尚可持。/谁谓吾徒犹爱日，参横月落不曾知。",
  "功名富贵两蜗角，险阻艰难一酒杯。/百体观来身是幻，万夫争处首先回。",
  "一夕轻雷落万丝，霁光浮瓦碧参差。/有情芍药含春泪，无力蔷薇卧晓枝。",
  "相逢记得画桥头，花似精神柳似柔。/莫谓无情即无语，春风传意水传愁。",
  "断墙着雨蜗成字，老屋无僧燕作家，/剩欲出门追语笑，却嫌归鬓著尘沙。/风翻蛛网开三面，雷动蜂窠趁两衙。/屡失南邻春事约，只今容有未开花。",
  "新样梳妆巧画眉，窄衣纤体最相宜；/一时趋向多情远，小阁幽窗静弈棋。",
  "女子弄文诚可罪，那堪咏月更吟风。/磨穿铁砚非吾事，绣折金针却有功。/闷无消遣只看诗，不见诗中话别离。/添得情怀转萧索，始知伶俐不如痴。",
  "病起多情白日迟，强来庭下探花期。/雪消池馆初春后，人倚栏杆欲暮时。/乱蝶狂蜂俱有意，兔葵燕麦自无知。/池边垂柳腰支活，折尽长条为寄谁？",
  "客事久输鹦鹉杯，春愁如接凤凰台。/树阴不碍帆影过，雨气却随潮信来。/山似故人堪对饮，花如遗恨不重开。/雪篱风榭年年事，辜负风光取次回。",
  "梅子黄时日日晴，小溪泛尽却山行。/绿阴不减来时路，添得黄鹂四五声。",
  "相对真成泣楚囚，遂无末策到神州。/但知绕树如飞鹊，不解营巢似拙鸠。/江北江南犹断绝，秋风秋雨敢淹留？/低回又作荆州梦，落日孤云始欲愁。",
  "飞花两岸照船红，百里榆堤半日风。/卧看满天云不动，不知云与我俱东。",
  "天缺西南江面清，纤云不动小滩横。/墙头语鹊衣犹湿，楼外残雷气未平。/尽取微凉供稳睡，急搜奇句报新晴。/今宵绝胜无人共，卧看星河尽意明。",
  "庙堂无计可平戎，坐使甘泉照夕峰。/初怪上都闻战马，岂知穷海看飞龙。/孤臣霜发三千丈，每岁烟花一万重。/稍喜长沙向延阁，疲兵敢犯犬羊锋。",
  "世味年来薄似纱，谁令骑马客京华。/小楼一夜听春雨，深巷明朝卖杏花。/矮纸斜行闲作草，晴窗细乳戏分茶。/素衣莫起风尘叹，犹及清明可到家。",
  "黄金错刀白玉装，夜穿窗扉出光芒。/丈夫五十功未立，提刀独立顾八荒。/京华结交尽奇士，意气相期共生死。/千年史册耻无名，一片丹心报天子。/尔来从军天汉滨，南山晓雪玉嶙峋。/呜呼！楚虽三户能亡秦，岂有堂堂中国空无人！",
  "拾遗白发有谁怜？零落歌诗遍两川。/人立飞楼今已矣，浪翻孤月尚依然。/升沈自古无穷事，愚智同归有限年。/此意凄凉谁共语？岸沙君看去年痕。",
  "莫笑农家腊酒浑，丰年留客足鸡豚。/山重水复疑无路，柳暗花明又一村。/萧鼓追随春社近，衣冠简朴古风存。/从今若许闲乘月，拄杖无时夜叩门。",
  "早岁那知世事艰，中垢北望气如山。/楼船夜雪瓜洲渡，铁马秋风大散关。/塞上长城空自许，镜中衰鬓已先斑。/出师一表真名世，千载谁堪伯仲间。",
  "城上斜阳画角哀，沈园非复旧池台，/伤心桥下春波绿，曾是惊鸿照影来。/梦断香消四十年，沈园柳老不吹绵。/此身行作稽山土，犹吊遗踪一泫然。",
  "少读诗书陋汉唐，莫年身世寄农桑。/骑驴两脚欲到地，爱酒一樽常在旁。/老去形容虽变改，醉来意气尚轩昂。/太行王屋何由动，堪笑愚公不自量。",
  "利欲驱人万火牛，江湖浪迹一沙鸥。/日长似岁闲方觉，事大如山醉亦休。/衣杵相望深巷月，井桐摇落故园秋。/欲舒老眼无高处，安得元龙百尺楼。",
  "闻道梅花坼晓风，雪堆遍满四山中。/何方可化身千亿，一树梅花一放翁。",
  "衣上征尘杂酒痕，远游无处不消魂。/此身合是诗人未？细雨骑驴入剑门。",
  "死去元知万事空，但悲不见九州同。/王师北定中原日，家祭无忘告乃翁。",
  "船离洪泽岸头沙，人到淮河意不佳。/何必桑乾方是远，中流以北即天涯！",
  "竹边台榭水边亭，不要人随只独行。/乍暖柳条无气力，淡晴花影不分明。/一番过雨来幽径，无数新禽有喜声。/只欠翠纱红映肉，两年寒食负先生。",
  "雪花遣霰作前锋，势破张皇欲暗空。/筛瓦巧寻疏处漏，跳阶误到暖边融。/寒声带雨山难白，冷气侵人火失红。/方讶一冬暄较甚，今宵敢叹卧如弓。",
  "梅子留酸软齿牙，芭蕉分绿与窗纱。/日长睡起无情思，闲看儿童捉柳花。",
  "客星何补汉中兴，空有清风冷似冰。/早遣阿瞒移汉鼎，人间何处有严陵！",
  "昼出耘田夜绩麻，村庄儿女各当家。/童孙未解供耕织，也傍桑阴学种瓜。",
  "南浦春来绿一川，石桥朱塔两依然。/年年送客横塘路，细雨垂杨系画船。",
  "半亩方塘一鉴开，天光云影共徘徊。/问渠那得清如许，为有源头活水来。",
  "细草穿沙雪半销，吴宫烟冷水迢迢。/梅花竹里无人见，一夜吹香过石桥。",
  "流水阶除静，孤眠得自由。/月生林欲晓，雨过夜如秋。/远忆荷花浦，谁吟杜若洲？/良宵恐无梦，有梦即俱游。",
  "江头落日照平沙，潮退渔船阁岸斜。/白鸟一双临水立，见人惊起入芦花。",
  "黄梅时节家家雨，青草池塘处处蛙。/有约不来过夜半，闲敲棋子落灯花。",
  "辛苦遭逢起一经，干戈寥落四周星。/山河破碎风飘絮，身世浮沉雨打萍。/惶恐滩头说惶恐，零丁洋里叹零丁。/人生自古谁无死，留取丹心照汗青。",
  "愁里高歌梁公吟，犹如金玉戛商音。/十年勾践亡吴计，七日包胥哭楚心。/秋送新鸿哀破国，昼行饥虎啮空林。/胸中有誓深于海，肯使神州竞陆沉？",
].join("/").replaceAll("/", "\n");

const TOL = { atol: 1e-5, rtol: 1e-5 };

// ---- Tasks 1–4: the layer ----

test("a new LoRALinear: base frozen, A random (r, in), B zero (out, r), scaling α/r = 32/8 = 4", () => {
  manualSeed(1);
  const base = new nn.Linear(12, 10);
  const lora = new LoRALinear(base, { r: 8, alpha: 32 });
  expectEqual(lora.scaling, 4, "scaling for r = 8, α = 32");
  expectShape(lora.loraA, [8, 12], "loraA");
  expectShape(lora.loraB, [10, 8], "loraB");
  expectEqual([base.weight.requiresGrad, base.bias!.requiresGrad], [false, false], "base weight and bias requiresGrad");
  expectEqual([lora.loraA.requiresGrad, lora.loraB.requiresGrad], [true, true], "loraA and loraB requiresGrad");
  expectTrue(lora.loraB.toFloat64Array().every((v: number) => v === 0), "loraB starts at exactly 0");
  const a = lora.loraA.toFloat64Array();
  expectTrue(a.some((v: number) => v !== 0) && a.every((v: number) => Math.abs(v) <= 1 / Math.sqrt(12)), "loraA is non-zero and within the kaiming-uniform bound 1/√in");
  expectEqual(new LoRALinear(new nn.Linear(4, 4), { r: 2 }).scaling, 1, "scaling when alpha is not given (α = r)");
}, { taskId: "task-1" });

test("at initialisation the adapter's output equals the frozen layer's, exactly", () => {
  manualSeed(2);
  const base = new nn.Linear(16, 6);
  const lora = new LoRALinear(base, { r: 4, alpha: 8 });
  const x = randn([3, 5, 16]); // batched (B, T, in)
  expectClose(lora.forward(x), base.forward(x), { atol: 0, rtol: 0, label: "LoRA output vs base output" });
}, { taskId: "task-1" });

test("with B ≠ 0 the output is x Wᵀ + b + (α/r)·x Aᵀ Bᵀ", () => {
  manualSeed(3);
  const base = new nn.Linear(7, 5);
  const lora = new LoRALinear(base, { r: 3, alpha: 6 });
  lora.loraB = nn.Parameter(randn([5, 3]));
  const x = randn([4, 7]);
  const expected = x.matmul(base.weight.transpose(0, 1)).add(base.bias!).add(x.matmul(lora.loraA.transpose(0, 1)).matmul(lora.loraB.transpose(0, 1)).mul(2));
  expectClose(lora.forward(x), expected, { ...TOL, label: "adapter output" });
}, { taskId: "task-1" });

test("step 0: ∂L/∂A is exactly zero, ∂L/∂B = (α/r)·Gᵀ (x Aᵀ) is not", () => {
  manualSeed(4);
  const lora = new LoRALinear(new nn.Linear(12, 10, { bias: false }), { r: 8, alpha: 32 });
  const x = randn([5, 12]);
  const G = randn([5, 10]); // upstream gradient ∂L/∂y
  lora.forward(x).mul(G).sum().backward();
  expectTrue(lora.loraA.grad !== null, "loraA.grad exists after backward");
  expectTrue(lora.loraA.grad!.toFloat64Array().every((v: number) => v === 0), "every entry of ∂L/∂A is exactly 0 while B = 0");
  const expectedB = G.transpose(0, 1).matmul(x.matmul(lora.loraA.transpose(0, 1))).mul(4); // (out, r)
  expectClose(lora.loraB.grad!, expectedB, { ...TOL, label: "∂L/∂B" });
  expectTrue(lora.base.weight.grad === null, "the frozen weight gets no gradient");
}, { taskId: "task-2" });

test("after one optimizer step on B, A starts to receive gradient", () => {
  manualSeed(5);
  const lora = new LoRALinear(new nn.Linear(6, 4), { r: 2, alpha: 4 });
  const opt = new optim.SGD([lora.loraA, lora.loraB], { lr: 0.1 });
  const x = randn([8, 6]);
  const target = randn([8, 4]);
  for (let step = 0; step < 2; step++) {
    opt.zeroGrad();
    F.mseLoss(lora.forward(x), target).backward();
    const gA = lora.loraA.grad!.abs().sum().item();
    if (step === 0) expectEqual(gA, 0, "Σ|∂L/∂A| at step 0");
    else expectTrue(gA > 0, `Σ|∂L/∂A| at step 1 is positive (got ${gA})`);
    opt.step();
  }
}, { taskId: "task-2" });

test("merge() folds (α/r)·B A into the weight: same outputs; unmerge() restores W", () => {
  manualSeed(6);
  const base = new nn.Linear(9, 7);
  const lora = new LoRALinear(base, { r: 4, alpha: 8 });
  lora.loraB = nn.Parameter(randn([7, 4]).mul(0.5));
  const x = randn([3, 9]);
  const before = lora.forward(x);
  const W0 = base.weight.detach().clone();
  lora.merge();
  expectClose(lora.forward(x), before, { ...TOL, label: "merged output vs adapter output" });
  expectClose(base.weight, W0.add(lora.loraB.matmul(lora.loraA).mul(2)), { ...TOL, label: "merged weight W + (α/r)·B A" });
  lora.unmerge();
  expectClose(base.weight, W0, { atol: 1e-6, rtol: 0, label: "weight after unmerge" });
  expectClose(lora.forward(x), before, { ...TOL, label: "output after unmerge" });
}, { taskId: "task-3" });

test("q/v LoRA on a 2-block model: exactly r·(d_in + d_out) trainable values per target, nothing else requires grad", () => {
  manualSeed(7);
  const model = new TinyLM(50, 32, 2, 16);
  const adapters = applyLoRA(model, { targets: ["qProj", "vProj"], r: 4, alpha: 8 });
  expectEqual(adapters.length, 4, "adapters: qProj and vProj in 2 blocks");
  expectEqual(countTrainable(model), 4 * 4 * (32 + 32), "trainable values");
  const names = model.namedParameters().filter(([, p]) => p.requiresGrad).map(([n]) => n);
  expectEqual(names, [
    "blocks.0.attn.qProj.loraA", "blocks.0.attn.qProj.loraB", "blocks.0.attn.vProj.loraA", "blocks.0.attn.vProj.loraB",
    "blocks.1.attn.qProj.loraA", "blocks.1.attn.qProj.loraB", "blocks.1.attn.vProj.loraA", "blocks.1.attn.vProj.loraB",
  ], "parameters that require grad");
  const ids = randint(0, 50, [2, 10]);
  expectShape(model.forward(ids), [2, 10, 50], "logits after applyLoRA");
}, { taskId: "task-4" });

test("LLaMA-7B-sized q/v LoRA, r = 8: 4 194 304 trainable values adapt 1 073 741 824 frozen ones (PyTorch golden)", () => {
  const c = loraParamCount({ dModel: 4096, layers: 32, r: 8, targets: ["q_proj", "v_proj"] });
  expectEqual(c, { trainable: 4_194_304, frozenInTargets: 1_073_741_824 }, "loraParamCount");
}, { taskId: "task-4" });

// ---- Task 5: pre-train on Tang poems here, then adapt to Song poems with LoRA and with full fine-tuning ----

/** A small pre-LayerNorm GPT built from nn pieces; its attention layers have qProj/kProj/vProj/outProj. */
class TinyLM extends nn.Module {
  tok: nn.Embedding;
  pos: nn.Embedding;
  blocks: nn.ModuleList;
  lnf: nn.LayerNorm;
  head: nn.Linear;
  constructor(vocab: number, d: number, layers: number, blockSize: number) {
    super();
    this.tok = new nn.Embedding(vocab, d);
    this.pos = new nn.Embedding(blockSize, d);
    this.blocks = new nn.ModuleList(Array.from({ length: layers }, () => new nn.TransformerBlock(d, 2)));
    this.lnf = new nn.LayerNorm(d);
    this.head = new nn.Linear(d, vocab);
  }
  forward(ids: Tensor): Tensor {
    const T = ids.shape[1]!;
    let h = this.tok.forward(ids).add(this.pos.forward(arange(0, T, 1, { dtype: "int32" }))); // (B, T, d)
    for (const block of this.blocks) h = (block as nn.TransformerBlock).forward(h);
    return this.head.forward(this.lnf.forward(h)); // (B, T, vocab)
  }
}

const BLOCK = 16;
/** Characters seen at least 3 times in both excerpts, id 0 = "□" for everything else. */
function charVocab(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= 3).map(([ch]) => ch).sort();
  return new Map(["□", ...kept].map((ch, i) => [ch, i]));
}
const VOCAB = charVocab(TANG + SONG);
const encode = (s: string) => [...s].map((ch) => VOCAB.get(ch) ?? 0);

/** Mean next-token loss over non-overlapping windows — the test's own measurement, independent of your code. */
function measure(model: TinyLM, ids: number[]): number {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let s = 0; s + BLOCK + 1 <= ids.length; s += BLOCK) {
    xs.push(ids.slice(s, s + BLOCK));
    ys.push(...ids.slice(s + 1, s + BLOCK + 1));
  }
  const logits = model.forward(tensor(xs, { dtype: "int32" }));
  return F.crossEntropy(logits.reshape(-1, VOCAB.size), tensor(ys, { dtype: "int32" })).item();
}

/** The pre-trained model every learner starts from: 120 AdamW steps on the Tang excerpt, seeded. */
function pretrained(): TinyLM {
  manualSeed(0);
  const model = new TinyLM(VOCAB.size, 32, 2, BLOCK);
  const ids = encode(TANG);
  const opt = new optim.AdamW(model.parameters(), { lr: 1e-2, weightDecay: 0 });
  for (let step = 0; step < 120; step++) {
    const starts = randint(0, ids.length - BLOCK - 1, [16]).tolist() as number[];
    const x = tensor(starts.map((s) => ids.slice(s, s + BLOCK)), { dtype: "int32" });
    const y = tensor(starts.flatMap((s) => ids.slice(s + 1, s + BLOCK + 1)), { dtype: "int32" });
    const loss = F.crossEntropy(model.forward(x).reshape(-1, VOCAB.size), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return model;
}

test("LoRA (q/v, r = 8) gets within 0.25 nats of full fine-tuning on Song poems with 2.4% of the trainable values and less training memory", () => {
  const base = pretrained();
  const song = encode(SONG);
  const split = Math.floor(song.length * 0.85);
  const train = song.slice(0, split);
  const val = song.slice(split);
  const before = measure(base, val);
  const copy = () => {
    const m = new TinyLM(VOCAB.size, 32, 2, BLOCK);
    m.loadStateDict(base.stateDict());
    return m;
  };
  const full = copy();
  const lora = copy();
  applyLoRA(lora, { targets: ["qProj", "vProj"], r: 8, alpha: 16 });
  const opts = { steps: 60, batchSize: 16, blockSize: BLOCK, seed: 2 };
  const fullRes = fineTune(full, train, val, { ...opts, lr: 3e-3 });
  const loraRes = fineTune(lora, train, val, { ...opts, lr: 2e-2 });
  const fullVal = measure(full, val);
  const loraVal = measure(lora, val);
  console.log(`Song val loss: pre-trained ${before.toFixed(3)}, full FT ${fullVal.toFixed(3)}, LoRA ${loraVal.toFixed(3)}`);
  console.log(`trainable: full ${fullRes.trainable}, LoRA ${loraRes.trainable}; peak activations: full ${fullRes.peakActivationBytes} B, LoRA ${loraRes.peakActivationBytes} B`);
  expectClose(fullRes.valLoss, fullVal, { atol: 1e-4, rtol: 0, label: "reported full-FT val loss vs the test's measurement" });
  expectClose(loraRes.valLoss, loraVal, { atol: 1e-4, rtol: 0, label: "reported LoRA val loss vs the test's measurement" });
  expectEqual([fullRes.trainable, loraRes.trainable], [full.numParameters(), 4 * 8 * (32 + 32)], "trainable values: full, LoRA");
  expectTrue(fullVal <= before - 0.3, `full fine-tuning lowers the Song val loss by at least 0.3 (from ${before.toFixed(3)} to ${fullVal.toFixed(3)})`);
  expectTrue(loraVal <= before - 0.2, `LoRA lowers the Song val loss by at least 0.2 (from ${before.toFixed(3)} to ${loraVal.toFixed(3)})`);
  expectTrue(loraVal <= fullVal + 0.25, `LoRA val loss ${loraVal.toFixed(3)} is within 0.25 of full fine-tuning's ${fullVal.toFixed(3)}`);
  expectTrue(fullRes.peakActivationBytes > 0 && loraRes.peakActivationBytes > 0, "peak activation bytes were measured (memory.stats())");
  const ratio = loraRes.peakActivationBytes / fullRes.peakActivationBytes;
  expectTrue(ratio > 0.9 && ratio < 1.1, `LoRA keeps about the same activations as full fine-tuning (ratio ${ratio.toFixed(3)}, expected within 10%)`);
  const memFull = trainingMemoryBytes({ totalParams: full.numParameters(), trainableParams: fullRes.trainable, activationBytes: fullRes.peakActivationBytes });
  const memLora = trainingMemoryBytes({ totalParams: lora.numParameters(), trainableParams: loraRes.trainable, activationBytes: loraRes.peakActivationBytes });
  expectTrue(memLora < memFull, `LoRA needs less training memory (${memLora} B vs ${memFull} B)`);
}, { taskId: "task-5" });
