"""One regex pass over the text finds every quantity mention; Python rules then type it or drop it.

A mention is a number with its unit, comparator and span ("超 9000 家", "1—2 个", "1/3 以上", "千亿级",
"翻两番", "全国第一"). Numbers that are not statistics (dates, list labels, product designations, names like
5G or 十四五, indefinite 一个) are dropped here; bare numbers survive only long enough to borrow a unit from
an enumeration ("0.7、全省3.1个百分点").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mfgstats.extract import units
from mfgstats.extract.lexicon import (
    PREFIX_COMPARATORS,
    RHETORIC_NOUNS_RE,
    SPEC_PREFIX_RE,
    SUFFIX_COMPARATORS,
)
from mfgstats.extract.numerals import parse_arabic, parse_chinese

_AR = r"(?:(?<![0-9０-９])[-－−](?=[0-9０-９]))?(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
_CN = r"[〇零一二两三四五六七八九十百千万亿]+"
_MULT = r"万亿|千亿|百亿|十亿|亿|千万|百万|万|千(?=[元吨]|公顷)"  # 千 only in 千元, 千吨, 千公顷

# Every character a mention can start with. The lookahead lets the regex engine reject all other positions
# with one set test instead of trying every alternative (≈5× faster scan; test_scanner checks the set is complete).
FIRST_CHARS = "0-9０-９\\-－−〇零一二两三四五六七八九十百千万亿全国省市球世界中同行连翻倍半过位居排列"
# Of these, the common characters that open a word of a few forms only (全国, 中部, 行业 …) are then tried on their
# first two characters: 市, 国, 中 and 全 stand every 50 characters in prose, but seldom open a rank (10 % faster).
_GUARD = (
    f"(?=[{FIRST_CHARS}])"
    r"(?=[0-9０-９\-－−〇零一二两三四五六七八九十百千万亿居排列翻]"
    r"|全[国省市球区县]|世界|国内|省内|中[部西]|同行|行业|位[居列]|连续|倍增|过半|半数)"
)


def _master(noisy: bool) -> str:
    """The mention pattern. noisy: the text holds what the reading view blanked (\\x1f), which may stand between a
    number and its unit (<b>8.2</b>%) and between the characters of a unit (個(gè)百分點(diǎn))."""
    spellings = units.base_spellings()
    unit_alt = "|".join(("\x1f*" if noisy else "").join(map(re.escape, u)) for u in spellings)
    # the engine tries the ~100 spellings one by one: first a test of the character that must open one
    unit_alt = f"(?=[{''.join(sorted({re.escape(u[0]) for u in spellings}))}])(?:{unit_alt})"
    # a page break may fall between number and unit
    sp = (r"(?:[ \t\u3000\xa0]|\x1f+){0,2}" if noisy else r"[ \t\u3000\xa0]{0,2}") + r"(?:\n[ \t\u3000\n]{0,4})?"
    tail = (
        rf"(?P<approx>{sp}[多余])?{sp}(?P<mult>{_MULT})?(?P<approx2>[多余])?{sp}"
        rf"(?P<unit>{unit_alt})?(?P<approx3>多)?"
    )
    # a Chinese numeral counts only before a unit, 多/余, 级, 大 or 倍 (or when it ends in 万/亿)
    cn_next = rf"[ \t\u3000]{{0,2}}(?:[多余]|{unit_alt}|级|大|倍)"
    return (
        f"{_GUARD}(?:"
        + "|".join(
            (
                r"(?P<rank>(?:全国|全省|全市|全球|世界|国内|省内|中部地区|中西部|中部|全区|全县|同行业|行业内)"
                r"(?:排名|排|位居|位列|居)?(?:第\s*(?P<rank_n>[0-9]{1,3}|[一二三四五六七八九十]{1,3})|(?P<rank_first>首位)"
                r"|前\s*(?P<rank_top>[0-9]{1,3}|[一二三四五六七八九十两]{1,3})\s*(?:位|名|强)))",
                # a rank with its verb but no scope (增速居第3位, 排名第2名): the verb and 位/名 make it a rank
                r"(?P<rank2>(?:位居|位列|居|排名|排在|排|列)\s*第\s*(?P<rank2_n>[0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*[位名])",
                r"(?P<lianxu>连续\s*(?P<lianxu_n>[0-9]{1,2}|[两二三四五六七八九十]{1,3})\s*年)",
                r"(?P<digits>[两三四]位数)",
                r"(?P<fan>翻了?(?P<fan_n>一|两|三|四)?番(?P<fan_more>多|以上)?|翻了?(?:一)?倍|倍增)",
                r"(?P<cnpct>(?P<per>百|千)分之(?P<pct_int>[零〇一二两三四五六七八九十百]+)(?:点(?P<pct_dec>[零〇一二三四五六七八九]+))?)",
                r"(?P<cnfrac>(?P<den>[二三四五六七八九十百]+)分之(?P<num>[一二三四五六七八九十]+))",
                # (增幅超7成: a mirror or a title writes the tenths in a digit)
                r"(?P<cheng>(?<![0-9.])(?P<cheng_n>[两二三四五六七八九2-9])成)(?![为立本功果熟交长都效绩型品员套就份])",
                r"(?P<half>一半|过半|半数)",
                r"(?P<frac>(?<![0-9/.])(?P<fnum>[0-9]{1,2})\s*/\s*(?P<fden>[0-9]{1,3})(?![0-9/]))",
                rf"(?:(?P<ar>{_AR})|(?P<cn>{_CN})(?:(?<=[万亿])|(?={cn_next}))){tail}",
            )
        )
        + ")"
    )


MASTER_RE = re.compile(_master(noisy=False))
NOISY_RE = re.compile(_master(noisy=True))  # for paragraphs holding the reading view's filler
# The same alternatives without the first-character guard: the reference the guard is tested against.
UNGUARDED_RE = re.compile(MASTER_RE.pattern[len(f"{_GUARD}(?:") : -1])

# the noun between an amount's threshold and the count of what passes it (工业项目, 的企业)
_THRESHOLD_NOUN_RE = re.compile(r"的?[\u4e00-\u9fff“”]{1,12}\s*")
# after 超…的: the things passing it (的特色产业集群达到, 的有), or none when the count follows (超500亿元的5个)
_THRESHOLD_CLASS_RE = re.compile(r"的(?:[\u4e00-\u9fff“”]{0,12}?(?:达到|达|有|共有|共|为|增至|超过|超)?)\s*")
_NOUN_AFTER_RE = re.compile(r"的?[\u4e00-\u9fff“]")  # a noun right after a threshold: 以上重大项目, 以上的项目
_RANGE_SEP_RE = re.compile(r"^\s*(?:[—–\-~～]{1,2}|至|到)\s*$")
_ENUM_LINK_RE = re.compile(r"^\s*(?:、|和|及|与|以及|,|，)\s*[^\d\s，。；、,;]{0,6}?\s*$")
_REACHED_AFTER_RE = re.compile(r"\s*达到?\s*[0-9０-９][0-9０-９.,]*\s*")
_COMPARED_LINK_RE = re.compile(r"[,，]\s*(?:比|较)")
# a threshold that defines a class of enterprises: 营收超10亿元企业, 百亿级企业, 产值超10亿元的有45家
_FOLLOWS_QUALIFIED_ENTERPRISE = re.compile(r"\s*(?:以上|以下)?(?:的)?(?:[^\s，。；、,;.]{0,3}?企业|有|达|共有)")
# …or of projects and places, the things a bulletin counts (过亿元项目355个, 超百亿斤的地市之一)
_FOLLOWS_QUALIFIED_CLASS = re.compile(r"\s*(?:的)?(?:项目|地市|城市|县市|县区|市县|园区|集群|产业集群|产业链)")
_DATE_AFTER = re.compile(r"^\s*(?:年|月|日|号|时|点|周年|届|期|号文|版|代|世纪|楼|层|路|街)")
_BARE_MAG_OK_PREFIX = ("超过", "突破", "超", "上", "近", "逾", "过", "达", "破", "双")
_CN_MAG_ONLY = set("十百千万亿")
# characters before 约/近/超 that make them the end of another word
_WORD_ENDINGS = {"约": set("签节制公条预合契婚守"), "近": set("最附临贴亲靠"), "超": set("赶高")}
_SUFFIX_COMPARATOR = dict(SUFFIX_COMPARATORS)
_PREFIX_COMPARATOR = dict(PREFIX_COMPARATORS)
_PREFIX_RE = re.compile(
    "(" + "|".join(re.escape(w) for w, _ in sorted(PREFIX_COMPARATORS, key=lambda w: -len(w[0]))) + r")[ \t\u3000]*\Z"
)
_SUFFIX_RE = re.compile(
    r"[ \t\u3000\n]{0,3}("
    + "|".join(r"\s?".join(map(re.escape, word)) for word, _ in sorted(SUFFIX_COMPARATORS, key=lambda w: -len(w[0])))
    + ")"
)
# (every member before the last: 2.2个、5.0个、2.0个和0.6个百分点)
_PP_LATER_RE = re.compile(r"(?:[\s\x1f]*(?:、|和|及|与|至|到|—|-|~)\s*[0-9.]+\s*个?){1,8}?[\s\x1f]*百\x1f*分\x1f*点")
# what makes a tier (千亿级) the class of things counted or listed before it: 6大 / 3个 / …等
_CLASS_BEFORE_TIER_RE = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十]+)\s*[大个家条批]\s*$|等\s*$")
_TWO_TIERS_RE = re.compile(r"[十百千]{2,}")  # 千百亿级: of both tiers, no amount
# a percentage that opens its clause counts the things after it (…企业中，21.8%的企业出口订单增加)
_SHARE_OPENS_CLAUSE_RE = re.compile(r"(?:^|[，。；：,;:\n])[ \t\u3000]*(?:有|约|近|超过|超|逾|接近|将近)?[ \t\u3000]*$")
# the few picked out by a superlative (贡献最大的三个行业, 增长最快的5家企业): a selection, not a count of anything
_SUPERLATIVE_BEFORE_RE = re.compile(r"最[\u4e00-\u9fff]{1,3}的[ \t\u3000]*$")
# the bound that defines a statistical scope (规模以上工业企业起点标准, 统计范围为年主营业务收入2000万元及以上…)
_SCOPE_DEFINED_RE = re.compile(r"(?:起点标准|统计起点|统计范围|统计口径)[^，。；,;\n]*$")
# an amount 以上 sorting the enterprises after it (销售收入500万元以上的非国有工业企业): the bound of a scope
# (a mirror's pinyin, blanked to \x1f, may stand between the characters)
_SCOPE_BOUND_RE = re.compile(r"[ \t\x1f]*(?:及\x1f*)?以\x1f*上\x1f*的(?:[^\s，。；、,;\d]|\x1f){0,40}?企\x1f*业")
# a growth passed by the things counted after it (增速超过30%的行业有7个): a threshold, not a figure
_GROWTH_BEFORE_RE = re.compile(
    r"(?:增\x1f*长|增\x1f*速|增\x1f*幅|速\x1f*度)\x1f*(?:超\x1f*过|超|高\x1f*于|在)?[\s\x1f]*$"
)
_COUNTED_AFTER_RE = re.compile(
    r"[ \t\x1f]*(?:以\x1f*上\x1f*)?的(?:[\u4e00-\u9fff]|\x1f){1,30}?(?:有|达|共有|为)"
    r"[\s\x1f]*[0-9一二三四五六七八九十]+[\s\x1f]*[个家项]"
)
_TERM_BEFORE_RE = re.compile(r"届[\s\x1f]*$")  # a committee's term before its session: 十一届五次全会
_COMPARED_WITH_RE = re.compile(r"(?:超过|超越|赶超|相当于|接近)了?\s*$")
_SAMPLE_SURVEY_RE = re.compile(r"[\s\x1f]*(?:的)?(?:人口)?(?:变动)?(?:抽样|抽查)")
# a streak (连续N年) that says how long a figure or a standing held, not a count of years of its own (连续3年被表彰)
# (or a comparison held: 连续三年超过全省平均水平, 连续5年高于全国; or a standing in a ranking: 连续四年居全省前列,
# 连续三年上榜…百强市; an honour conferred, 入选 / 被评为, stays counted in years)
_STREAK_QUALIFIES_RE = re.compile(
    r"[^，。；！？,;!?\n]*?(?:稳坐|稳居|位居|居于|保持|稳定在|领跑|领先|超过|高于|快于|好于|低于|慢于"
    r"|居(?=全|前|第|首|榜|同类|中部|[省市县区])|位列|名列|排名|排在|上榜|跻身)"
)
# …and a streak before a figure of its own clause (连续三年增长8%以上, 连续5年新增规上企业超100家, 连续3年保持两位数
# 增长): the figure held N years in a row; a year or a list's name there (2023年度, 500强) is no figure
_STREAK_FIGURE_RE = re.compile(
    r"[^，。；！？,;!?\n]*?"
    r"(?:(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9０-９]+)?(?![0-9０-９.．]|\s*[年强佳])|两位数|[一二三四五六七八九十]成)"
)
# what makes 市 after a number the first character of a word (市场, 市民, 市县), not the cities counted (14市召开)
_CITY_WORD_AFTER_RE = re.compile(r"[场民值区级委政长县域属内外辖直容面况貌情州镇]")
# a noun of people right after a bare 万 / 亿 (12.5万贫困人口, 1.2万农村劳动力): the number counts people
_PEOPLE_AFTER_RE = re.compile(r"[^，。；、,;:：\s0-9０-９]{0,8}?(?:人口|劳动力)")
# a figure later in the clause of a listed group (…4大战略性产业占全市工业比重达到48%, …3大产业迈入万亿级规模); a
# group named with its tier (A、B、C三大千亿级产业集群) keeps its count, which gives each member the tier
_GROUP_MEASURED_RE = re.compile(
    r"[^，。；！？,;!?\n]*?(?:[0-9０-９]|(?:迈入|进入|迈上|跨入|达到|突破|超过)[十百千万亿]+级)"
)
_TIER_RE = re.compile(r"[\s\x1f]*[十百千万亿]+级")
_RANK_MOVE_BEFORE_RE = re.compile(r"(?:提升|提高|上升|前移|前进|上移|下降|下滑|后移|后退|下移|进|退)了?\s*$")
# the later members of a list of moves (分别前移7位、8位和7位)
_RANK_MOVES_LISTED_RE = re.compile(
    r"(?:提升|提高|上升|前移|前进|上移|下降|下滑|后移|后退|下移)了?\s*"
    r"(?:[0-9一二三四五六七八九十]{1,3}\s*个?位\s*(?:、|和|及|与|,|，)\s*){1,6}$"
)
# what may follow an amount of money written without 元 (超1.1万亿，/ 1.1万亿以上 / 千亿级 / 万亿大关)
_MONEY_MAY_FOLLOW_RE = re.compile(
    r"[ \t\u3000\x1f]*(?:$|[^\u4e00-\u9fff]|以上|以下|左右|上下|的|多|余|大关|关口|规模|级|水平|量级|和|与|及|或|"
    r"增长|同比|比|较|人民币|元|，|。|、|；|：)"
)
_BORROWABLE_FAMILIES = ("pct", "pp", "count", "cny", "usd")
_AFTER_TIMES_RE = re.compile(r"[，。、；,;获被荣入]|$")
_TIME_RATE_RE = re.compile(r"(?:每\s*[0-9一二三四五六七八九十]*\s*|[0-9.]+\s*)(?:秒|分钟|小时)")
_CLAUSE_BREAK_RE = re.compile(r"[，。；！？,;!?\n]")
# a time rate followed by no clause break up to the number ($ is the number's position: searched with an endpos)
_TIME_RATE_CLAUSE_RE = re.compile(_TIME_RATE_RE.pattern + r"[^，。；！？,;!?\n]*$")
_COUNT_UNITS = frozenset(s for s in units.all_spellings() if units.lookup(s).family == "count")


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    value: float
    unit: str | None  # canonical stated unit; None for a bare number that may still borrow one
    comparator: str = "="
    value_high: float | None = None
    kind: str = "number"  # number | rank | multiple | share | digits | streak
    num_start: int = 0  # where the number itself starts (after any comparator word)
    num_end: int = 0
    chinese: bool = False
    inferred_unit: bool = False
    bare_magnitude: bool = False  # 千亿级, 超千亿, 百万吨: a round scale word, not a measured number


def _prefix_comparator(text: str, pos: int, bare: bool = False) -> tuple[str, int]:
    """Comparator word ending at pos (spaces allowed), and where it starts. 上/过 count only before a bare scale
    word (上万人, 过千亿); 约/近/超 not when they end another word (签约, 最近, 赶超)."""
    m = _PREFIX_RE.search(text, max(0, pos - 8), pos)
    if m is None:
        return "", pos
    word = m.group(1)
    if word in ("上", "过") and not bare:
        return "", pos
    if word in _WORD_ENDINGS and text[m.start(1) - 1 : m.start(1)] in _WORD_ENDINGS[word]:
        return "", pos
    return _PREFIX_COMPARATOR[word], m.start(1)


def _suffix_comparator(text: str, pos: int) -> tuple[str, int]:
    """Comparator word after the unit; a line break may split it (以\n上)."""
    m = _SUFFIX_RE.match(text, pos)
    if m is None:
        return "", pos
    return _SUFFIX_COMPARATOR[re.sub(r"\s", "", m.group(1))], m.end()


def _in_short_quote(text: str, start: int, end: int) -> bool:
    """“136” or "三个一批": a number inside a short quoted name is a label, not a statistic."""
    left = text.rfind("“", max(0, start - 6), start)
    left_ascii = text.rfind('"', max(0, start - 6), start)
    left = max(left, left_ascii)
    if left < 0:
        return False
    if _CLAUSE_BREAK_RE.search(text, left, start):
        return False
    right = -1
    for closer in ("”", '"'):
        r = text.find(closer, end, end + 6)
        if r >= 0 and (right < 0 or r < right):
            right = r
    return right >= 0 and (right - left) <= 10


def _cn_split(numeral: str) -> tuple[str, str]:
    """'三百万' → ('三百', '万'); '千亿' → ('千', '亿'); '万亿' → ('', '万亿'). Only trailing 万/亿 become the
    written multiplier, and only when no 万/亿 stays inside the numeral."""
    for mult in ("万亿", "亿", "万"):
        if numeral.endswith(mult):
            head = numeral[: -len(mult)]
            if "万" not in head and "亿" not in head:
                return head, mult
    return numeral, ""


def _list_items_before(text: str, pos: int) -> int:
    """How many 、-separated items end right before pos ("偃师、宜阳、新安、伊川四个" → 4; "…等五大" → -1 = open)."""
    start = pos
    while start > 0 and pos - start < 80 and not _CLAUSE_BREAK_RE.match(text[start - 1]):
        start -= 1
    segment = text[start:pos].rstrip()
    if "、" not in segment:
        return 0
    if segment.endswith("等"):
        return -1
    return segment.count("、") + 1


def _numbered_noun_ok(text: str, m: re.Match, value: float, after: int) -> bool:
    """N大/N个 + noun: a count only when the text lists the N things ("嵩县、栾川、洛宁三大…")."""
    if RHETORIC_NOUNS_RE.match(text, after):
        return False
    items = _list_items_before(text, m.start())
    return items == -1 or items == int(value)


def scan(text: str, lo: int = 0, hi: int | None = None) -> list[Quantity]:
    """Every quantity mention in text[lo:hi], in order, bare numbers included (see `resolve_bare`)."""
    hi = len(text) if hi is None else hi
    out: list[Quantity] = []
    pattern = NOISY_RE if text.find("\x1f", lo, hi) >= 0 else MASTER_RE
    for m in pattern.finditer(text, lo, hi):
        q = _from_match(text, m)
        if q is not None:
            out.append(q)
    return _loose_ranks(text, lo, hi, out)


_RANK_N = r"[0-9]{1,3}|[一二三四五六七八九十两]{1,3}"  # (前两位)
# a rank the master pattern leaves to context: 第34位 after another rank, 排名行业前三, 河南省第一
# (首 outside the group: with every alternative opening with its character, the engine skips to those characters)
_LOOSE_RANK_RE = re.compile(
    rf"第[ \t\u3000]*(?P<n>{_RANK_N})(?:[ \t\u3000]*[位名])?|首(?P<first>位)"
    rf"|前[ \t\u3000]*(?P<top>{_RANK_N})(?:[ \t\u3000]*[位名强])?"
)
# a rank ends its clause (居全省第二。 / 排名行业前三 …): 第一批, 第三季度, 前三季度 go on with a noun
_RANK_END_RE = re.compile(r"[ \t\u3000]|[\x1f]*(?:[，。；、,;:：）)\[！!？?\n]|$)")
# a ranking verb, then at most a scope (行业, 全国城市, 全国26个万亿级城市中) and 均为: what follows is a rank;
# 前N only after the verbs of one's own standing (六市排在前六十名 says where a group stands, not a rank of one)
_FIELD_AFTER_VERB = r"[^\s，。；、,;：:]{0,12}?(?:均|都)?(?:为|是)?[ \t\u3000]*$"
_RANK_VERB_RE = re.compile(r"(?:排名|位居|位列|名列|排在|分列|居(?!民)|排|列)" + _FIELD_AFTER_VERB)
_TOP_VERB_RE = re.compile(r"(?:排名|位居|位列|名列|居(?!民)|进入|跻身|挺进)" + _FIELD_AFTER_VERB)
# the next member of a list of ranks: 分列第21位、第34位 / 居第15位、中部地区第2位
_RANK_LIST_RE = re.compile(r"[ \t\u3000\x1f,，]*、[ \t\u3000\x1f]*[^\s，。；、,;：:0-9]{0,10}$")
# after a comma, a clause that is only another field's rank (列全省第10位，苏南第2位): a short field, no verb
RANK_MEMBER_RE = re.compile(r"[ \t\u3000\x1f]*[,，][ \t\u3000\x1f]*(?:(?!排|居|列|位)[^\s，。；、,;：:0-9]){1,6}")
_RANK_FIELD_SIZE_RE = re.compile(r"[^\s，。；、,;0-9]{1,12}?中[ \t\u3000]*(?:排名|位居|位列|名列|排在|居|排|列)")
# a place or group written right before the rank is its scope: 增速河南省第一, 全国城市第61位, 行业第一
_SCOPE_ENDS = frozenset("省市国区县业份界球内")


def _loose_ranks(text: str, lo: int, hi: int, found: list[Quantity]) -> list[Quantity]:
    """Add the ranks whose form alone does not say rank, but whose place does: a member of a list of ranks, a rank
    after its verb and scope, a rank after a named scope at the end of a clause."""
    if text.find("第", lo, hi) < 0 and text.find("首位", lo, hi) < 0 and text.find("前", lo, hi) < 0:
        return found
    # 在全省18个省辖市中排名第1位: the size of the field ranked in is no statistic of the place ranked
    found = [q for q in found if q.unit not in _COUNT_UNITS or not _RANK_FIELD_SIZE_RE.match(text, q.end)]
    taken = [(q.start, q.end) for q in found if q.unit is not None]  # a bare number (前50强's 50) takes no place
    rank_ends = {q.end for q in found if q.kind == "rank"}
    added: list[Quantity] = []
    replaced: set[int] = set()  # the starts of counts of 位 that a rank holds (居前3位 is no count of 3 people)
    for m in _LOOSE_RANK_RE.finditer(text, lo, hi):
        start, end = m.start(), m.end()
        if not _RANK_END_RE.match(text, end):
            continue
        overlapping = [q for q in found if q.unit is not None and q.start < end and start < q.end]
        if any(a < end and start < b for a, b in taken) and not (
            m.group("top")
            and all(q.unit in ("位", "名") and start <= q.start and q.end <= end for q in overlapping)
            and _TOP_VERB_RE.search(text, max(lo, start - 24), start)
        ):
            continue
        before_lo = max(lo, start - 24)
        listed = _RANK_LIST_RE.search(text, before_lo, start)
        if (listed is not None and listed.start() in rank_ends) or any(
            RANK_MEMBER_RE.fullmatch(text, e, start) for e in rank_ends if before_lo <= e < start
        ):
            ok = True
        elif m.group("top"):
            ok = _TOP_VERB_RE.search(text, before_lo, start) is not None
        else:
            ok = _RANK_VERB_RE.search(text, before_lo, start) is not None or (
                start > lo and text[start - 1] in _SCOPE_ENDS
            )
        if not ok:
            continue
        top = m.group("top")
        value = 1.0 if m.group("first") else _num(top or m.group("n"))
        q = Quantity(start, end, value, "名次", "<=" if top else "=", kind="rank", num_start=start, num_end=end)
        added.append(q)
        rank_ends.add(end)
        replaced.update(o.start for o in overlapping)
    if not added:
        return found
    kept = [
        q
        for q in found
        if q.start not in replaced and (q.unit is not None or not any(r.start <= q.start < r.end for r in added))
    ]
    return sorted(kept + added, key=lambda q: q.start)


# the alternatives that are not a plain number: each encloses its own sub-groups, so when one matched it is the
# match's last group (a plain number ends with a group of its tail, or of the number itself)
_SPECIAL_FORMS = frozenset({"rank", "rank2", "lianxu", "digits", "fan", "cnpct", "cnfrac", "frac", "cheng", "half"})


def _from_match(text: str, m: re.Match) -> Quantity | None:
    if m.lastgroup not in _SPECIAL_FORMS:
        return _number(text, m)  # most mentions: test for the other forms only when one matched
    if m.group("rank"):
        after = text[m.end() : m.end() + 3]
        if after.startswith(("梯队", "方阵", "批", "次", "届", "轮", "阶段", "期", "个", "条", "台", "款", "代")):
            return None
        top = m.group("rank_top")
        value = 1.0 if m.group("rank_first") else _num(top or m.group("rank_n"))
        end = m.end()
        if _in_short_quote(text, m.start(), end):
            return None  # 创下多个“全国第一”: a slogan, not a ranking
        if _COMPARED_WITH_RE.search(text, max(0, m.start() - 4), m.start()):
            return None  # 超过世界排名第3的总量: whoever holds that rank, a yardstick, not a rank of the text's own
        if after[:1] in ("家", "位", "名"):
            end += 1
        comparator = "<=" if top else "="  # 前20位: ranked 20th or better
        return Quantity(m.start(), end, value, "名次", comparator, kind="rank", num_start=m.start(), num_end=end)
    if m.group("rank2"):
        start = m.start("rank2") + m.group("rank2").index("第")  # the rank, not its verb
        return Quantity(start, m.end(), _num(m.group("rank2_n")), "名次", kind="rank", num_start=start, num_end=m.end())
    if m.group("lianxu"):
        if _STREAK_QUALIFIES_RE.match(text, m.end()) or _STREAK_FIGURE_RE.match(text, m.end()):
            return None  # 连续6年…稳定在1300亿斤以上, 连续15年稳坐…: how long another figure or a standing held
        return Quantity(
            m.start(), m.end(), _num(m.group("lianxu_n")), "年", kind="streak", num_start=m.start(), num_end=m.end()
        )
    if m.group("digits"):
        if not re.match(r"\s*(?:的)?(?:增长|增速|增幅|提升|上涨)", text[m.end() : m.end() + 5]):
            return None
        value = {"两": 10.0, "三": 100.0, "四": 1000.0}[m.group("digits")[0]]
        return Quantity(m.start(), m.end(), value, "%", ">=", kind="digits", num_start=m.start(), num_end=m.end())
    if m.group("fan"):
        word = m.group("fan")
        if word == "倍增" and not _doubling_is_a_result(text, m.start(), m.end()):
            return None
        power = {"一": 1, "两": 2, "三": 3, "四": 4}.get(m.group("fan_n") or "一", 1)
        value = float(2**power) if "番" in word else 2.0
        comparator = {"多": ">", "以上": ">="}.get(m.group("fan_more") or "", "=")  # 翻了一番多
        return Quantity(
            m.start(), m.end(), value, "倍", comparator, kind="multiple", num_start=m.start(), num_end=m.end()
        )
    if m.group("cnpct"):
        return _chinese_percent(text, m)
    if m.group("cnfrac") or m.group("frac") or m.group("cheng") or m.group("half"):
        return _share(text, m)
    return _number(text, m)


def _num(token: str) -> float:
    return parse_arabic(token) if token[0].isdigit() else parse_chinese(token)


def _doubling_is_a_result(text: str, start: int, end: int) -> bool:
    """倍增 states a result only at the end of a clause after 较/比/实现 ("较十三五末实现倍增"), not as a
    programme name ("倍增计划", "倍增发展")."""
    if end < len(text) and not _CLAUSE_BREAK_RE.match(text[end]) and text[end] not in "”」":
        return False
    clause_start = start
    while clause_start > 0 and not _CLAUSE_BREAK_RE.match(text[clause_start - 1]) and start - clause_start < 40:
        clause_start -= 1
    clause = text[clause_start:start]
    return "较" in clause or "比" in clause or clause.endswith("实现")


def _chinese_percent(text: str, m: re.Match) -> Quantity | None:
    """百分之十五 → 15 %, 百分之三点五 → 3.5 %, 千分之五 → 5 ‰."""
    digits = "".join(str(int(parse_chinese(ch))) for ch in (m.group("pct_dec") or ""))
    value = parse_chinese(m.group("pct_int")) + (float(f"0.{digits}") if digits else 0.0)
    unit = "%" if m.group("per") == "百" else "‰"
    comparator, start = _prefix_comparator(text, m.start())
    suffix, end = _suffix_comparator(text, m.end())
    return Quantity(
        start,
        end,
        value,
        unit,
        suffix or comparator or "=",
        num_start=m.start(),
        num_end=m.end(),
        chinese=True,
    )


def _share(text: str, m: re.Match) -> Quantity | None:
    if m.group("frac"):
        num, den = int(m.group("fnum")), int(m.group("fden"))
        if not 0 < num < den:
            return None
        value = round(num * 100.0 / den, 2)
    elif m.group("cnfrac"):
        den, num = parse_chinese(m.group("den")), parse_chinese(m.group("num"))
        if not 0 < num < den:
            return None
        value = round(num * 100.0 / den, 2)
    elif m.group("cheng"):
        n = m.group("cheng_n")
        value = float((int(n) if n.isdigit() else parse_chinese(n)) * 10)
    else:
        value = 50.0
    comparator, start = _prefix_comparator(text, m.start())
    if m.group("half") == "过半":
        comparator = ">"
    suffix, end = _suffix_comparator(text, m.end())
    return Quantity(
        start,
        end,
        value,
        "%",
        suffix or comparator or "=",
        kind="share",
        num_start=m.start(),
        num_end=m.end(),
        chinese=not m.group("frac"),
    )


def _number(text: str, m: re.Match) -> Quantity | None:
    if m.group("unit") is None and m.group("ar") is not None and not m.group("mult"):
        # a bare Arabic number before 年/月/日 … (2023年, a third of all matches): a date or label, whatever precedes it
        after = text[m.end() : m.end() + 8]
        if _DATE_AFTER.match(after) or after[:1] == ".":
            return None
    chinese = m.group("cn") is not None
    numeral = m.group("cn") if chinese else m.group("ar")
    num_start = m.start("cn") if chinese else m.start("ar")
    mult = m.group("mult") or ""
    if chinese:
        numeral, cn_mult = _cn_split(numeral)
        if cn_mult:
            if mult:
                return None
            mult = cn_mult
    before = text[num_start - 1] if num_start > 0 else ""
    # identifiers and ordinals: 5G, P3, C919, IPv6, 第三, 第 61 位
    if before and ((before.isascii() and before.isalpha()) or before in "第#№"):  # (an ASCII letter)
        return None
    if before in " \t\u3000" and text[max(0, num_start - 3) : num_start].strip(" \t\u3000")[-1:] == "第":
        return None
    written_unit = m.group("unit")
    if written_unit and "\x1f" in written_unit:
        written_unit = written_unit.replace("\x1f", "")
    unit_end = m.end()
    if chinese and not numeral:
        numeral_value = 1.0
    else:
        try:
            numeral_value = parse_arabic(numeral) if not chinese else parse_chinese(numeral)
        except ValueError:
            return None
    approx = bool(m.group("approx") or m.group("approx2") or m.group("approx3"))
    bare_magnitude = chinese and (not numeral or set(numeral) <= _CN_MAG_ONLY)
    after = text[unit_end : unit_end + 8]

    if written_unit is None and not mult:
        if after.startswith("大"):
            # N大 + noun: a count only when the N things are listed ("嵩县、栾川、洛宁三大…")
            if numeral in ("一", "两", "二") or not 1 < numeral_value < 100:
                return None
            if not _numbered_noun_ok(text, m, numeral_value, unit_end + 1):
                return None
            if _GROUP_MEASURED_RE.match(text, unit_end + 1) and not _TIER_RE.match(text, unit_end + 1):
                return None  # A、B、C3大产业迈入万亿级规模: the count names the group a figure after it measures
            return _build(text, m, num_start, unit_end + 1, numeral_value, "个", approx, chinese, False)
        if chinese:
            return None
        # a bare Arabic number: kept for unit borrowing (one before a date word or a point left at the top)
        return Quantity(m.start(), m.end(), numeral_value, None, num_start=num_start, num_end=m.end())

    inferred = False
    if written_unit is None:
        if after.lstrip().startswith("级"):
            level_end = unit_end + after.index("级") + 1
            if _FOLLOWS_QUALIFIED_ENTERPRISE.match(text, level_end):
                return None
            if _tier_sorts(text, num_start) or _TWO_TIERS_RE.fullmatch(numeral):
                return None  # 6大千亿级产业, …等千亿级产业集群, 千百亿级: a tier that sorts things, no one's amount
            unit = mult + "元" if mult in ("亿", "万亿", "千亿", "百亿") else None
            if unit is None:
                return None
            q = _build(text, m, num_start, level_end, numeral_value, unit, approx, chinese, True, bare_magnitude)
            if q is not None:
                q.comparator = ">="
            return q
        if mult in ("万", "亿") and _PEOPLE_AFTER_RE.match(text, unit_end):
            unit, inferred = mult + "人", True  # 718.6万建档立卡贫困人口: people, counted before their noun
        elif mult not in ("亿", "万亿", "千亿", "百亿"):
            return None  # 1.8万 with no unit: too ambiguous to type
        elif not _MONEY_MAY_FOLLOW_RE.match(text, unit_end):
            return None  # 10.3亿立方, 5亿株: a unit the table does not know is never guessed as money
        else:
            unit, inferred = mult + "元", True
    else:
        base = units.canonical_base(written_unit)
        unit = mult + base
        if base == "个" and after.startswith("月"):
            return None  # 两个多月: a duration
        if base in ("市", "大类") and (chinese or (base == "市" and _CITY_WORD_AFTER_RE.match(text, unit_end))):
            return None  # 三市联动, 三大类产品, 100市场主体, 5市县: a word or a name; releases count these in digits
        if units.lookup(unit) is None:
            return None
    if chinese and numeral and numeral_value == 0:
        return None  # 零部件
    if chinese and numeral == "一" and not mult and unit != "倍":
        return None  # 一个/一家/一批: an indefinite article (but 增长一倍 doubles)
    if chinese and unit in ("个", "位", "项", "条") and RHETORIC_NOUNS_RE.match(text, unit_end):
        return None
    if chinese and unit.removesuffix("次").endswith("场"):
        return None  # 打好三场硬仗: events counted in prose are written in digits (举办对接活动20余场)
    if chinese and unit in ("元", "美元", "欧元", "港元"):
        return None  # 三元锂电池, 二元结构: money is not written in Chinese numerals without 万/亿
    if chinese and unit == "次" and not _AFTER_TIMES_RE.match(text, unit_end):
        return None  # 三次产业, 二次开发: compounds, not a number of times
    if bare_magnitude:
        prefix_comp, _ = _prefix_comparator(text, num_start, bare=True)
        prior = text[max(0, num_start - 2) : num_start]
        multi_char = len(numeral) >= 1 and bool(mult)  # 百万吨, 千亿, 千万吨
        if not (prefix_comp or prior.endswith(_BARE_MAG_OK_PREFIX) or multi_char):
            return None
        if (prefix_comp or multi_char) and _FOLLOWS_QUALIFIED_ENTERPRISE.match(text, unit_end):
            return None  # 超百亿企业, 百亿级企业: a class of enterprises, the count is the fact
        if prefix_comp and _FOLLOWS_QUALIFIED_CLASS.match(text, unit_end):
            return None  # 过亿元项目, 产量超百亿斤的地市: a round bound naming a class of projects or places
        if not prefix_comp and not prior.endswith("双") and not _in_capacity_list(text, num_start, unit_end):
            return None  # 百万吨乙烯 on its own names a project, not a capacity
    family = units.lookup(unit).family if units.lookup(unit) else None
    if (
        not bare_magnitude
        and family != "count"
        and _FOLLOWS_QUALIFIED_ENTERPRISE.match(text, unit_end)
        and not (family == "pct" and _SHARE_OPENS_CLAUSE_RE.search(text, max(0, num_start - 8), num_start))
        and not _reached_after(text, unit_end, unit)
    ):
        return None  # 营收超10亿元企业: the threshold defines a class of enterprises (but 21.8%的企业: a share of them)
    if unit == "个" and _PP_LATER_RE.match(text, unit_end):
        unit = "百分点"  # 分别高于全国、全省4.3个和2.3个百分点: the first member's 个 is of 个百分点
    if family == "count" and _SUPERLATIVE_BEFORE_RE.search(text, max(0, num_start - 6), num_start):
        return None
    if unit.endswith("部") and text[unit_end : unit_end + 1] == "门":
        return None  # 六部门: ministries, a word
    if unit == "次" and _TERM_BEFORE_RE.search(text, max(0, num_start - 4), num_start):
        return None  # 十一届五次全会: the session of a committee's term, a name
    if family == "cny" and _SCOPE_DEFINED_RE.search(text, max(0, num_start - 40), num_start):
        return None  # 起点标准由年主营业务收入500万元提高到2000万元: the bound of a statistical scope, no one's amount
    if family == "cny" and _SCOPE_BOUND_RE.match(text, unit_end):
        return None  # 年销售收入500万元以上的工业企业: the bound of a scope, no one's amount
    if (
        unit == "%"
        and _GROWTH_BEFORE_RE.search(text, max(0, num_start - 20), num_start)
        and _COUNTED_AFTER_RE.match(text, unit_end)
    ):
        return None  # 增速超过30%的行业有7个: the bar the counted things pass, not a growth of anything
    if unit in ("%", "‰") and _SAMPLE_SURVEY_RE.match(text, unit_end):
        return None  # 1%人口抽样调查, 5‰人口变动抽样调查: a survey's name, not a figure
    if unit == "位" and (
        _RANK_MOVE_BEFORE_RE.search(text, max(0, num_start - 4), num_start)
        or _RANK_MOVES_LISTED_RE.search(text, max(0, num_start - 40), num_start)
    ):
        unit = "名次"  # 较上月提升2位, 前移3位, 分别前移7位、8位和7位: moves in a ranking, not people
    q = _build(text, m, num_start, unit_end, numeral_value, unit, approx, chinese, inferred, bare_magnitude)
    if q is None:
        return None
    if unit == "倍":
        q.kind = "multiple"
    if bare_magnitude and text[max(0, num_start - 1) : num_start] == "双":
        q.value *= 2
        q.start = min(q.start, num_start - 1)
    return q


def _tier_sorts(text: str, num_start: int) -> bool:
    """A tier after a count of things it does not list (6大千亿级产业) or after examples (…等千亿级产业集群) sorts
    them; after a count of things listed (甲、乙、丙 3 个千亿级产业) it is each member's scale (`scale_classes`)."""
    m = _CLASS_BEFORE_TIER_RE.search(text, max(0, num_start - 6), num_start)
    if m is None:
        return False
    return m.group().rstrip().endswith("等") or _list_items_before(text, m.start()) == 0


def _in_capacity_list(text: str, start: int, end: int) -> bool:
    """A bare scale word is a capacity when it sits in a 、-list of other capacities (千万吨炼油、百万吨乙烯)."""
    nxt = text.find("、", end, end + 10)
    prev = text.rfind("、", max(0, start - 10), start)
    window = text[max(0, start - 12) : end + 14]
    return (nxt >= 0 or prev >= 0) and len(re.findall(r"[千百万]+吨|[0-9]+\s*万?吨", window)) >= 2


def _build(
    text: str,
    m: re.Match,
    num_start: int,
    unit_end: int,
    value: float,
    unit: str,
    approx: bool,
    chinese: bool,
    inferred: bool,
    bare_magnitude: bool = False,
) -> Quantity | None:
    window = text[max(0, num_start - 8) : num_start]
    if SPEC_PREFIX_RE.search(window):
        return None
    if _in_short_quote(text, num_start, unit_end):
        return None
    if unit in _COUNT_UNITS:
        # 每1秒下线1个电芯: a production rate, not a count (a time rate earlier in the clause, up to 30 back)
        rate = _TIME_RATE_CLAUSE_RE.search(text, max(0, num_start - 30), num_start)
        if rate is not None:
            return None
    comparator, start = _prefix_comparator(text, num_start, bare_magnitude)
    suffix, end = _suffix_comparator(text, unit_end)
    if approx:
        comparator = comparator or ">"
    if suffix:
        comparator = suffix if comparator in ("", "=", "~") or suffix == "~" else comparator
    return Quantity(
        start,
        end,
        value,
        unit,
        comparator or "=",
        num_start=num_start,
        num_end=unit_end,
        chinese=chinese,
        inferred_unit=inferred,
        bare_magnitude=bare_magnitude,
    )


def _high_in_unit_of(q: Quantity, nxt: Quantity) -> float | None:
    """The upper end of a range q—nxt in q's unit: 3～5家 → 5; 8000亿—1万亿元 → 10000 (亿元); None when the two
    are not of one family (5家—8亿元)."""
    if nxt.unit is None:
        return None
    if q.unit is None or q.unit == nxt.unit:
        return nxt.value
    low, high = units.lookup(q.unit), units.lookup(nxt.unit)
    if low is None or high is None or low.family != high.family or low.base_unit != high.base_unit:
        return None
    return round(nxt.value * high.factor / low.factor, 6)


def _dash_read_as_minus(text: str, q: Quantity, nxt: Quantity) -> bool:
    """6%-6.5%: the dash right after a figure joins a range; it is no minus sign of the next (a negative member of a
    list stands after 、 or ，, and a range rises: 6 < 6.5)."""
    return (
        nxt.value < 0
        and q.value >= 0
        and nxt.start == (q.num_end if q.unit else q.end)
        and text[nxt.start : nxt.start + 1] in ("-", "－")
        and q.value < -nxt.value
    )


def resolve_bare(text: str, found: list[Quantity]) -> list[Quantity]:
    """Merge ranges (1—2 个), let bare numbers borrow the unit of the next member of an enumeration
    (0.95、2.2个百分点), and drop the bare numbers that are left."""
    merged: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and _dash_read_as_minus(text, q, nxt):
            nxt = replace(nxt, start=nxt.start + 1, num_start=nxt.num_start + 1, value=-nxt.value)
        high = _high_in_unit_of(q, nxt) if nxt is not None else None
        if (
            high is not None
            and q.kind == "number"
            and nxt.kind == "number"
            and _RANGE_SEP_RE.match(text[q.num_end if q.unit else q.end : nxt.start])
            and q.value < high
            and nxt.comparator in ("=", ">=", "~")
        ):
            same = q.unit is None or q.unit == nxt.unit
            merged.append(
                Quantity(
                    q.start,
                    nxt.end,
                    q.value,
                    nxt.unit if same else q.unit,
                    "range",
                    value_high=high,
                    num_start=q.num_start,
                    num_end=nxt.num_end,
                    chinese=q.chinese or nxt.chinese,
                    inferred_unit=nxt.inferred_unit if same else q.inferred_unit,
                )
            )
            i += 2
            continue
        merged.append(q)
        i += 1
    # right to left, so a unit travels back along a whole enumeration
    for j in range(len(merged) - 2, -1, -1):
        q, nxt = merged[j], merged[j + 1]
        link = text[q.end : nxt.start]
        if q.unit is not None or nxt.unit is None or not _ENUM_LINK_RE.match(link) or _COMPARED_LINK_RE.search(link):
            continue  # (指数为97.0，比上年提高0.4个百分点: the change of a figure against a base is no sibling of it)
        if units.lookup(nxt.unit) and units.lookup(nxt.unit).family in _BORROWABLE_FAMILIES:
            q.unit = nxt.unit
            q.inferred_unit = nxt.inferred_unit
    kept = [q for q in merged if q.unit is not None]
    return [
        q
        for i, q in enumerate(kept)
        if not (i + 1 < len(kept) and _is_threshold(text, q, kept[i + 1]))
        and not (i > 0 and _is_share_threshold(text, kept[i - 1], q))
        and not (i > 0 and _is_counted_threshold(text, kept[i - 1], q))
    ]


def _reached_after(text: str, end: int, unit: str) -> bool:
    """突破1万亿元达到1.3万亿元: 达 then an amount in the same unit is the level reached after a mark passed, not
    what a class of firms numbers (产值超10亿元达5家)."""
    m = _REACHED_AFTER_RE.match(text, end)
    return m is not None and text.startswith(unit, m.end())


def _is_share_threshold(text: str, share: Quantity, q: Quantity) -> bool:
    """超五成研发投入在1000万元以上: the amount a share of firms passes, not an amount of anyone."""
    if share.unit != "%" or q.unit == "%" or not text[q.start : q.end].endswith(("以上", "以下")):
        return False
    between = text[share.end : q.start]
    return "在" in between and _CLAUSE_BREAK_RE.search(between) is None


def _is_counted_threshold(text: str, count: Quantity, q: Quantity) -> bool:
    """500个5000万元以上重大项目: an amount with 以上 between a count and the noun it counts sorts what is counted."""
    if q.comparator not in (">=", "<=") or not text[q.start : q.end].endswith(("以上", "以下")):
        return False
    counted, unit = units.lookup(count.unit), units.lookup(q.unit)
    if counted is None or unit is None or counted.family != "count" or unit.family == "count":
        return False
    return not text[count.end : q.start].strip() and _NOUN_AFTER_RE.match(text, q.end) is not None


def _is_threshold(text: str, q: Quantity, nxt: Quantity) -> bool:
    """500万元以上工业项目1236个, 营收超200亿元的集群达到30个, 超500亿元的6个: an amount with 以上, or a round one
    with 超 before 的, that only qualifies the noun a count after it counts."""
    if q.comparator == ">=" and text[q.start : q.end].endswith("以上"):
        noun_re = _THRESHOLD_NOUN_RE
    elif q.comparator == ">" and _is_round(q.value) and text[q.end : q.end + 1] == "的":
        noun_re = _THRESHOLD_CLASS_RE  # (营业收入超过1,234.5亿元的产业链有3至5条: no round bound, the amount: kept)
    else:
        return False
    unit, counted = units.lookup(q.unit), units.lookup(nxt.unit)
    if unit is None or counted is None or counted.family != "count" or unit.family == "count":
        return False
    return noun_re.fullmatch(text, q.end, nxt.start) is not None


def _is_round(value: float) -> bool:
    """100, 500, 20, 1000: one digit and zeros, the way a bound that sorts things is written."""
    return value >= 1 and value == int(value) and len(str(int(value)).rstrip("0")) == 1
