"""What a quantity is about: the subject phrase, the region scope and the industry topic of its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mfgstats.extract.lexicon import (
    DESIGNATION_RE,
    NOUN_FOLLOWS_RE,
    RANK_FIELD_RE,
    SCOPE_WORDS,
    SUBJECT_HEAD_RE,
    SUBJECT_TAIL_RE,
)
from mfgstats.extract.periods import MARKER_RE

_OWN_SCOPE = ("全市", "我市", "本市")
_COMPARE_HEAD_RE = re.compile(r"^(?:高于|低于|高出|低出|较|比|占)")
_COMPARE_IN_RE = re.compile(r"(高于|低于|高出|低出)(?:全国|全省|我省|全球|全市)")
# where the noun phrase after a quantity ends: punctuation, a number, a verb, or a conjunction leading to the next
# counted thing ("7家整车企业及200多家配套企业")
_AFTER_STOP_RE = re.compile(
    r"[，。；：、,;:!?！？\n0-9０-９]|占|达到|位居|形成|成为|带动|推动|实现|提供|构成|作为|(?<![评称认])为(?!主)|是|已|将|成立|落户|开工|"
    r"投产|签约|建成|完成|参与|集聚|聚集|中有|顺利|推进|(?:及|和|与|以及)(?=\s*[0-9０-９一二三四五六七八九十两])"
)
_DIGIT_RE = re.compile(r"[0-9０-９]")
# the words that make a count one of additions, not of the stock: 新增/新培育/新建…规上工业企业
FLOW_PREFIX = r"^(?:新增|新培育|新建|新开工|新引进|新认定|新签约|新落地|新入选)"
_FLOW_PREFIX_RE = re.compile(FLOW_PREFIX)
_NEXT_MEASURE_RE = re.compile(
    r"(?:增加值|营业收入|主营业务收入|营收|利润总额|利润|产值|总产值|产量|税收|销售收入|规模|投资|总投资)$"
)
_COMPARATOR_TAIL_RE = re.compile(r"(?:超过|超|突破|达到|达|约|近|逾)$")
_STATEMENT_VERB_RE = re.compile(r"成为|获得|荣获|入选|建成|获批|跻身|被评为")
_CN_QUANTITY_RE = re.compile(r"[一二两三四五六七八九十百千万亿双]+[万亿]?(?:吨|个|家|项|条|台|套|元|人)")
# nouns that contain other things: "25家科技产业社区入驻企业1140家" counts communities, then their enterprises
# what a counted noun cannot start with: a verb or a comparison ("由72个降至58个", "3次获…激励")
_NOT_A_NOUN_RE = re.compile(
    r"降|增|减|提高|提升|上升|下降|达|超|占|比|较|同比|分别|均|共|获|被|位|居|排|成为|为|是|以上|以下|左右|的|了|次|年"
)
_CONTAINER_RE = re.compile(r"社区|园区|产业园|基地|平台|集群|中心|示范区|集聚区|开发区|项目")
# a subject that only names the measure (增幅达23%) is about the previous quantity's subject
# measure nouns that name what is measured but not of what (增加值 of which industry?)
_GENERIC_MEASURE_RE = re.compile(
    r"增加值|营业收入|主营业务收入|营收|利润总额|利润|产值|总产值|产量|税收|出口额|进口额|投资额|销售收入"
)
_TRAILING_MEASURE_RE = re.compile(f"(?:{_GENERIC_MEASURE_RE.pattern})$")  # the same measure, ending a subject
# a subject that names only an owner (an industry, a kind of enterprise, a product), no measure and no verb
# (a 、 only inside an industry's own name: 电力、热力、燃气及水生产和供应业)
_BARE_OWNER_RE = re.compile(
    r"[^\s，。；、0-9]{2,16}(?:企业|行业|产业|工业|制造业|业|产品|电池|设备|材料)|[^\s，。；0-9]{2,24}(?:及|和)[^\s，。；、0-9]{2,10}业"
)
# 生产 is a noun in these (生产总值, 生产能力), the verb "to produce" before anything else
_PRODUCTION_NOUN_RE = re.compile(r"总值|能力|线|经营|效率|成本|规模|企业|基地|环节|方式")
_QUALIFIER_VERB_RE = re.compile(r"实现|完成|累计|共")
# an amount invested, and a project named after it in the same clause ("总投资30亿元、…空调生产项目")
_INVESTMENT_RE = re.compile(r"(?:计划)?总投资(?:额)?|投资(?:额)?|完成投资")
_PROJECT_AFTER_RE = re.compile(r"[、的]?[^，。；,;]{0,24}?项目")
# a class of enterprises (营收超百亿元企业, 规上工业企业) and the measures it can own in a later clause
_ENTERPRISE_CLASS_RE = re.compile(r"(?:企业|公司)$")
_OWNED_MEASURE_RE = re.compile(
    r"(?:营收|营业收入|主营业务收入|利润总额|利润|产值|规模|税收|增加值|销售收入|出口额|市值|研发投入)"
)
_RATE_COMPARE_RE = re.compile(r"^(?:增幅|增速|降幅|涨幅)(?:比|较|高于|低于|高出|低出|快于|慢于)")
_GAP_TAIL_RE = re.compile(r"(?<=增速|增幅|降幅|涨幅)(?:比|较)(?:全国|全省|全市|我省|全球)[高低快慢]$")
# what the part named before adds to a whole: 工业投资增长21.3%，拉动全部投资增长6.8个百分点 / 贡献率达72.6%
_CONTRIBUTION_RE = re.compile(r"^(?:拉动|贡献率$)")
_MEASURE_ONLY_RE = re.compile(r"^(?:增幅|增速|增长|降幅|占比|比重|比例|总量|规模|总数|数量)$")
_TOPIC_RE = re.compile(
    r"^[（(]?[一二三四五六七八九十0-9]*[)）.、]?\s*([^\s，。；、（(]{2,14}?)(?:产业|领域|行业|板块)[，。:：]"
)
# an industry named at the head of a subject: "新材料产业营业收入" → 新材料
_INDUSTRY_IN_SUBJECT_RE = re.compile(r"([^\s，。；、“”0-9A-Za-z]{2,10}?)(产业集群|产业链|产业|领域|行业)")
# What an industry's name is not. A chain is a catalog chain or a phrase whose head names an industry: not a verb
# (带动产业链…, 制定行业标准), not a tier or scale (省级/千亿级产业集群), not a clause (…为主导的), not a kind of
# enterprise (中小企业特色产业集群).
_NOT_INDUSTRY_RE = re.compile(
    r"发展|推动|实施|加快|打造|培育|形成|建设|组建|各类|等|规模|主要|的|为|企业|公司|以上|其他|相关|重大|重点"
)
_LEADING_VERB_RE = re.compile(
    r"^(?:带动|制定|推动|推进|发展|实施|加快|打造|培育|形成|建设|组建|围绕|聚焦|引进|支持|做强|做大|壮大|延伸|完善|"
    r"提升|促进|服务|构建|布局|依托|对接|引领|带领|参与|融入|全市|全省|全国|我市|我省|重点|大力|积极|着力|优势)+"
)
_TIER_RE = re.compile(  # and the ordinal sectors of the three-sector classification (第一产业), and all industry
    r"^(?:工业|第[一二三]|国家级|省级|市级|县级|区级|国家|世界级|全国|[千百万十]亿级|[千百万]亿|[0-9一二三四五六七八九十]+大)+$"
)
# what may follow the industry word in the same noun phrase: nothing, or a measure (规模, 营业收入 …); a place or
# a document after it (产业园, 产业社区, 行业标准, 产业链中小企业) makes the industry a modifier of something else
_NOT_AFTER_INDUSTRY_RE = re.compile(  # used with .match(text, pos): no ^, which would not anchor at pos
    r"(?:园|社区|标准|联盟|协会|基金|政策|工人|人才|工程|项目|平台|基地|示范|企业|中小企业|龙头|工作|体系|大会|论坛|名单|"
    r"规划|布局|格局|生态|工业园|化|集聚区)"
)
_NOISE_RE = re.compile(r"[\s\u3000●■◆▲★□○•▪◇※]+")  # spaces and list bullets
_FIRST_CLAUSE_RE = re.compile(r"[^，。；：,;:！？!?]+")
_HEAD_VERB_RE = re.compile(r"获批|成为|实现|建成|入选|获得|荣获|位居|跻身|被")
# comparison bases are not part of what is measured: 规模以上工业增加值比上年增长 → 规模以上工业增加值
_DANGLING_BASE_RE = re.compile(r"(?<!占)(?:较|比)$")  # 增速较(上半年): the base was a time phrase
# a verb between an owner and its measure: 规模以上工业企业实现营业收入 → 规模以上工业企业营业收入
_INNER_VERB_RE = re.compile(
    r"(?<=\S)(?:实现|完成|累计完成|累计实现)(?=营业收入|营收|利润|产值|增加值|税收|销售收入|出口|进出口|主营业务收入)"
)
_BASE_PHRASE_RE = re.compile(
    r"(?:比|较|相比)(?:上年|去年)(?:末|同期)?|(?:比|较)(?:年初|上月|上季度|上半年)|同比|环比|(?:建成|投产|达产|完成)后(?:可实现|可达到|可达|可|将)?|可实现"
)
_LIST_LABEL_RE = re.compile(r"^[（(]?[0-9]{1,2}[.．、)）](?![0-9])")
_SHORT_SECTOR_RE = re.compile(r"^([一二三])产(?=$|增加值|投资|比重|占比|占|对|拉动|贡献)")
MAX_SUBJECT = 32
# how long a figure held (规上工业增加值连续三年增长8%以上): no part of what it measures
_STREAK_RE = re.compile(r"连续\s*(?:[0-9]{1,2}|[一二三四五六七八九十两]{1,3})\s*个?(?:年(?!度)|月|季度)")


@dataclass(slots=True)
class About:
    subject: str | None
    scope: str | None  # 全国 / 全省 / 全球 … written at the head of the subject; None = the document's region
    inherited: bool = False  # nothing named it: it is the previous quantity's subject ("2.9%，2020 年-4.3%")
    owner: str | None = None  # a class of enterprises the sentence counted: it owns the bare measures after it


@lru_cache(maxsize=8192)
def _clean(phrase: str, home: tuple[str, ...] = ()) -> str:
    phrase = _BASE_PHRASE_RE.sub("", phrase)
    phrase = _INNER_VERB_RE.sub("", phrase)
    phrase = _STREAK_RE.sub("", phrase)
    phrase = MARKER_RE.sub("", phrase)
    phrase = _NOISE_RE.sub("", phrase)
    phrase = _strip_quotes(phrase, "，,、；;：:。 ")
    for _ in range(3):
        before = phrase
        for name in home:
            phrase = phrase.removeprefix(name)
        phrase = SUBJECT_HEAD_RE.sub("", phrase)
        phrase = SUBJECT_TAIL_RE.sub("", phrase)
        phrase = phrase.strip("，,、；;：:。 ")
        if phrase == before:
            break
    if "由" in phrase:
        phrase = phrase[: phrase.index("由")]
    phrase = _LIST_LABEL_RE.sub("", phrase)  # 1. 规上工业增加值…: an item's number is not the subject's
    phrase = _SHORT_SECTOR_RE.sub(r"第\1产业", phrase)  # 三产 is the tertiary sector, 第三产业
    phrase = phrase.rstrip("（(").lstrip("（()）、")  # 高于全国(3.9%)3.6个百分点: the parenthesis is not the subject's
    phrase = _DANGLING_BASE_RE.sub("", phrase)
    phrase = _strip_quotes(phrase[-MAX_SUBJECT:], "的 ")
    return phrase if len(phrase) >= 2 else ""


def _strip_quotes(phrase: str, chars: str) -> str:
    """Strip chars and the quotes at either end that pair with nothing inside: “小巨人”企业 keeps its opening
    quote (小巨人”企业 would read as a broken name), 专精特新” loses its closing one."""
    phrase = phrase.strip(chars)
    while phrase and phrase[0] in '“"' and ("”" if phrase[0] == "“" else '"') not in phrase[1:]:
        phrase = phrase[1:].strip(chars)
    while phrase and phrase[-1] in '”"' and ("“" if phrase[-1] == "”" else '"') not in phrase[:-1]:
        phrase = phrase[:-1].strip(chars)
    return phrase


@lru_cache(maxsize=8192)
def _read_before(raw: str, home: tuple[str, ...]) -> tuple[str | None, bool, str]:
    """(scope word, whether a verb ends the text, the cleaned phrase) of the text before a quantity: a pure
    function of short phrases that recur across sentences and documents, so it is computed once per phrase."""
    scope = None
    head = _NOISE_RE.sub("", MARKER_RE.sub("", raw)).lstrip('“”"，,')
    for word in SCOPE_WORDS:
        if head.startswith(word):
            scope = None if word in _OWN_SCOPE or DESIGNATION_RE.match(head, len(word)) else word
            break
    verb_before = NOUN_FOLLOWS_RE.search(raw.rstrip()) is not None
    before = _clean(NOUN_FOLLOWS_RE.sub("", raw.rstrip()) if verb_before else raw, home)
    if "、" in before and _STATEMENT_VERB_RE.search(before, 0, before.rindex("、")):
        # 建龙微纳成为全省首家科创板上市企业、单体分子筛产能全国第一: 、 joins two statements; the last is this one's
        before = before[before.rindex("、") + 1 :]
    return scope, verb_before, before


def _after_phrase(text: str, start: int, limit: int, in_list: bool = False) -> str:
    """The noun phrase after a quantity; in_list: the quantity is itself a member of a 、-list of quantities."""
    m = _AFTER_STOP_RE.search(text, start, limit)
    while not in_list and m is not None and m.group() == "、" and m.start() > start:
        # "325个绿色化、智能化、企业技术改造项目": a list of modifiers before one noun, unless it lists quantities
        nxt = _AFTER_STOP_RE.search(text, m.end(), limit)
        end = nxt.start() if nxt is not None else limit
        if end == m.end() or (nxt is not None and _DIGIT_RE.match(nxt.group())):
            break
        if _CN_QUANTITY_RE.search(text, m.end(), end):
            break
        m = nxt
    end = m.start() if m else limit
    # a comparator before the next number belongs to it, not to this noun ("17条优势产业链营收超4600亿元")
    # (21.8%的企业…: the 的 joins the quantity to its noun, it is no part of the noun)
    phrase = _COMPARATOR_TAIL_RE.sub("", _strip_quotes(_NOISE_RE.sub("", text[start:end]), "").removeprefix("的"))
    phrase = phrase[:MAX_SUBJECT]
    if m is not None and _DIGIT_RE.match(m.group()):
        # another number follows the noun: this count is of the container the phrase opens with ("25家科技产业社区
        # 入驻企业1140家"), and a measure at its end is the next number's ("17条优势产业链营收超4600亿元")
        container = _CONTAINER_RE.search(phrase)
        if container and len(phrase) - container.end() >= 2:
            phrase = phrase[: container.end()]
        measure = _NEXT_MEASURE_RE.search(phrase)
        if measure and measure.start() >= 2:
            phrase = phrase[: measure.start()]
    return phrase


def describe(
    text: str,
    segment_before: str,
    after_start: int,
    clause_end: int,
    previous: About | None,
    *,
    noun_follows: bool = False,
    home: tuple[str, ...] = (),
    capacity: bool = False,
    count: bool = False,
) -> About:
    """The subject of one quantity.

    segment_before: the clause text from its start (or the previous quantity) to this quantity;
    after_start: where the text after the quantity starts; noun_follows: the quantity qualifies the noun after it
    (a count after a list, "千亿级产业集群"); home: names of the document's region, stripped from subjects;
    capacity: a tonnage or an energy, which states a capacity when a product follows it ("百万吨乙烯" → 乙烯产能);
    count: a number of things (家, 个 …), which takes no money measure of the clause before (增加值, 营收 …).
    """
    raw = segment_before.lstrip("、，, 和及与")
    scope, verb_before, before = _read_before(raw, home)
    # a 、 after a capacity separates products (千万吨炼油、百万吨乙烯), after a count it may join modifiers
    after = _after_phrase(text, after_start, clause_end, in_list=capacity or segment_before.rstrip().endswith("、"))
    after = after if len(after) >= 2 else ""
    if after and (verb_before or not before or noun_follows):
        # "拥有 14 家超百亿企业": the counted noun follows the number
        subject = after if not before or noun_follows or len(before) > 10 else f"{before}{after}"
        if capacity and noun_follows:
            subject = _capacity_subject(after, raw, text[after_start:clause_end])
        return About(subject[-MAX_SUBJECT:], scope)
    if verb_before and not before:
        return About(None, scope)  # "带动1000人" with the noun lost: its own statement, not the previous one
    if previous is not None and previous.subject and _TIER_ONLY_RE.fullmatch(before):
        # 绿色工厂数量达到86家，其中国家级29家、省级57家: a tier alone is that tier of the noun counted before
        noun = _TIER_PREFIX_RE.sub("", _COUNT_SUFFIX_RE.sub("", previous.subject))
        if len(noun) >= 2:
            return About(f"{before}{noun}"[-MAX_SUBJECT:], scope or previous.scope)
    if previous is not None and previous.subject and _NET_CHANGE_RE.fullmatch(before):
        # 新增规上工业企业218家，净增156家: the net change is of the stock, not of the additions
        return About(_FLOW_PREFIX_RE.sub("", previous.subject), scope or previous.scope)
    if previous is not None and previous.subject and (not before or before == scope):
        if scope and _COMPARE_IN_RE.search(previous.subject):
            # "高于全国0.7、全省3.1个百分点": the scope is what is compared with, not where
            subject = _COMPARE_IN_RE.sub(lambda m: m.group(1) + scope, previous.subject, count=1)
            return About(subject, previous.scope, inherited=True)
        if _STOCK_AFTER_FLOW_RE.search(raw) and not _FLOW_WORD_RE.search(raw):
            # 新增…“小巨人”企业12家，累计达到68家: the total reached is the stock, not the additions
            stock = _FLOW_PREFIX_RE.sub("", previous.subject)
            if stock != previous.subject:
                return About(stock, scope or previous.scope)
        if gap := _GAP_TAIL_RE.search(previous.subject):
            # 增速比全省高4.5个百分点，居全省第5位: the rank is of the rate, not of the gap
            return About(previous.subject[: gap.start()], scope or previous.scope)
        return About(previous.subject, scope or previous.scope, inherited=True)
    if previous is not None and previous.subject and _GENERIC_MEASURE_RE.fullmatch(before):
        # 制造业营业收入…，增加值达到…: the bare measure belongs to the same industry as the one before it
        m = _GENERIC_MEASURE_RE.search(previous.subject)
        qualifier = (
            _QUALIFIER_VERB_RE.sub("", previous.subject[: m.start()]) if m and m.end() == len(previous.subject) else ""
        )
        if qualifier:
            return About(f"{qualifier}{before}"[-MAX_SUBJECT:], scope or previous.scope)
    if _INVESTMENT_RE.fullmatch(before):
        # 29个配套项目，总投资超142亿元 / 总投资320亿元的项目: a project's amount names the project
        if previous is not None and previous.subject and previous.subject.endswith("项目"):
            return About(f"{previous.subject}{before}"[-MAX_SUBJECT:], scope or previous.scope)
        if _PROJECT_AFTER_RE.match(text, after_start, clause_end):
            return About(f"项目{before}", scope)
    if previous is not None and previous.owner and _OWNED_MEASURE_RE.match(before):
        # 营收超百亿元企业达到10家，规模占全市工业比重47%，营收、利润…增长: the measures are those enterprises'
        return About(f"{previous.owner}{before}"[-MAX_SUBJECT:], scope or previous.scope, owner=previous.owner)
    if previous is not None and previous.subject and (_RATE_COMPARE_RE.match(before) or _CONTRIBUTION_RE.match(before)):
        # 利润总额…增长11.2%，增速比全省高4.5个百分点: the rate compared is the previous subject's
        owner = previous.subject.split("拉动")[0] or previous.subject  # a 贡献率 after 拉动… is the part's again
        return About(f"{owner}{before}"[-MAX_SUBJECT:], scope or previous.scope)
    if previous is not None and previous.subject and _MEASURE_ONLY_RE.match(before):
        if previous.subject.endswith(before):
            # 钨钼钛领域规模达到910亿元、铝铜领域规模达到1400亿元、规模达到1300亿元: a parallel member whose
            # own name the text left out, not the previous one's again
            return About(before, scope)
        owner = previous.subject
        if before in ("总数", "总量", "总计", "增幅", "增速"):
            # 新增…企业23家，总数达到198家 / 增幅达23%: the total and its growth are of all of them
            owner = _FLOW_PREFIX_RE.sub("", owner)
        return About(f"{owner}{before}"[-MAX_SUBJECT:], scope or previous.scope)
    if previous is not None and previous.subject and _COMPARE_HEAD_RE.match(before):
        head_noun = re.split(r"占|高于|低于|较|比", previous.subject)[0]
        return About(f"{head_noun}{before}"[-MAX_SUBJECT:], scope or previous.scope)
    if (
        previous is not None
        and previous.subject
        and (measure := _TRAILING_MEASURE_RE.search(previous.subject))
        and not (count and measure.group() != "产量")  # a count is output (锂离子电池1.82亿只), never 增加值 or 营收
        and _BARE_OWNER_RE.fullmatch(before)
        and not _GENERIC_MEASURE_RE.search(before)
    ):
        # 国有控股企业增加值同比增长5.2%，股份制企业增长9.6%: parallel clauses name the measure once
        return About(f"{before}{measure.group()}"[-MAX_SUBJECT:], scope or previous.scope)
    if scope and before.startswith(scope):
        before = before[len(scope) :]
    if before.startswith("生产") and len(before) > 3 and not _PRODUCTION_NOUN_RE.match(before, 2):
        before = f"{before[2:]}产量"  # 生产新能源汽车2.36万辆: the output of a product
    if (
        previous is not None
        and previous.subject
        and before
        and (flow := _FLOW_PREFIX_RE.match(previous.subject))
        and _AMONG_HEAD_RE.match(raw)
        and not _FLOW_WORD_RE.search(before)
    ):
        before = f"{flow.group()}{before}"  # 新增“四上”企业386家，其中规上工业企业152家: 152 of the additions
    return About(before or None, scope, owner=before if _ENTERPRISE_CLASS_RE.search(before) else None)


# words of a clause that states the total reached, after a clause about additions
_STOCK_AFTER_FLOW_RE = re.compile(r"累计|总数|总量|共计|合计|总计|达到|达|增至|增加到|增长到")
_FLOW_WORD_RE = re.compile(FLOW_PREFIX.lstrip("^"))
_AMONG_HEAD_RE = re.compile(r"[，,；;\s]*其中")
_TIER_ONLY_RE = re.compile(r"(?:国家级|省级|市级|县级|区级|国家|省|市)")
_TIER_PREFIX_RE = re.compile(r"^(?:国家级|国家|省级以上|省级|市级以上|市级|县级|区级)")
_COUNT_SUFFIX_RE = re.compile(r"(?:数量|总数|总量|个数|家数)$")
_NET_CHANGE_RE = re.compile(r"(?:(?:较|比)[^，。；、0-9]{1,6}?)?净(?:增加|增|减少|减)")


def _capacity_subject(product: str, before: str, clause_after: str) -> str:
    """千万吨炼油 → 炼油产能; 年产20万吨碳九组分 → 碳九组分年产能; 1000万吨原油加工…等生产能力 → 原油加工生产能力."""
    product = re.split("[等的]", product)[0] or product
    if product.endswith(("产能", "能力")):
        return product
    if "年产" in before:
        return f"{product}年产能"
    return f"{product}生产能力" if "生产能力" in clause_after else f"{product}产能"


def ranked(subject: str | None) -> str | None:
    """What a rank ranks: the subject before the ranking's field and verb (规上工业增加值增速在全省…中排名,
    光伏玻璃产量排名行业 → 规上工业增加值增速, 光伏玻璃产量)."""
    if not subject:
        return subject
    verb = RANK_FIELD_RE.search(subject)
    subject = subject[: verb.start()] if verb is not None else subject
    return subject if len(subject) >= 2 else None


def counted_noun_follows(text: str, end: int) -> bool:
    """A count written before its noun ("7家整车企业", "2个省级产业集群为骨干"), not before a verb."""
    while end < len(text) and text[end] in " \u3000":
        end += 1
    if end >= len(text) or _NOT_A_NOUN_RE.match(text, end):
        return False
    ch = text[end]
    return "\u4e00" <= ch <= "\u9fff" or ch == "“" or "A" <= ch <= "Z"  # 21.5万吨PX


def head_of(sentence: str, home: tuple[str, ...] = ()) -> str | None:
    """The topic a sentence opens with, for a quantity whose own clause names nothing ("国家农机装备创新中心获批
    建设，成为全国第12家…" → 国家农机装备创新中心)."""
    first = _FIRST_CLAUSE_RE.match(sentence.strip())
    if first is None:
        return None
    head = _HEAD_VERB_RE.split(first.group(0), maxsplit=1)[0]
    return _clean(head, home) or None


def topic_of(sentence: str) -> str | None:
    """'农机装备领域，…' or '（一）新材料产业。…' → the industry the sentence is about."""
    m = _TOPIC_RE.match(sentence.strip())
    return industry_head(m.group(1)) if m else None


def industry_in(subject: str | None) -> str | None:
    """The industry a subject names at its head ("新材料产业营业收入" → 新材料), or None."""
    if not subject:
        return None
    m = _INDUSTRY_IN_SUBJECT_RE.match(subject)
    if m is None or _NOT_AFTER_INDUSTRY_RE.match(subject, m.end()):
        return None
    return industry_head(m.group(1))


def strip_leading_verbs(phrase: str) -> str:
    """'形成智能装备制造' → '智能装备制造': the verbs and scope words a list of industries opens with."""
    return _LEADING_VERB_RE.sub("", phrase)


def industry_head(phrase: str | None) -> str | None:
    """The phrase without leading verbs and scope words if what is left can name an industry, else None
    ("大力发展铝铜" → 铝铜; "带动", "省级", "千亿级", "领域为主导的千亿级", "中小企业特色" → None)."""
    if not phrase:
        return None
    head = _LEADING_VERB_RE.sub("", phrase.strip('“”"「」 '))
    if len(head) < 2 or _TIER_RE.match(head) or _NOT_INDUSTRY_RE.search(head):
        return None
    return head
