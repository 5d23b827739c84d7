"""Link facts to the catalogs (dbt seeds): region, indicator, chain and enterprise codes, and unit normalisation.

The catalog is duck-typed on `mfgstats.catalog.Catalog` (scan, names_at, lookup by name or alias, unit, lineage), so
this module imports nothing from it. Whatever the catalog does not know keeps its raw phrase.
"""

from __future__ import annotations

import re
import weakref
from itertools import pairwise
from typing import Any, NamedTuple

from mfgstats.catalog import Mention
from mfgstats.extract.lexicon import DESIGNATION_RE, RANK_FIELD_RE
from mfgstats.extract.mentions import Mentions
from mfgstats.extract.segment import Layout
from mfgstats.extract.subjects import FLOW_PREFIX, industry_head
from mfgstats.extract.topics import ANAPHOR_RE, EnterpriseTopics
from mfgstats.records import Document, Fact

# a place followed by its ranking (全国排名, 全省位次) is the field ranked in
_FIELD_AFTER_RE = re.compile(r"(?:的)?(?:排名|排位|位次|排序)")
_DIGIT_RE = re.compile(r"[0-9０-９]")
# Scope words resolved against the document's own region (全省 in a Luoyang text is Henan).
_WORLD = {"全球": "全球", "世界": "全球", "全国": "全国", "国内": "全国"}
_PROVINCE = {"全省", "我省", "省内", "本省"}
# Words for the place a text is about (全市 after "记者从郑州市工信局获悉" in a provincial paper is 郑州市): the kind of
# place is the last character.
# (全省首家, 全市第一: a rank among the places, not where the figure is)
_RELATIVE_RE = re.compile(r"(?:(?:全|我|本|该)([省市县区州盟旗])|(省)内)(?!首|第|前|唯一|领先|率先|之最)")
# A region written right after these words is a comparison or a ranking scope, not where the fact is.
# (与湖北交界, 与上海配套: a partner, like the later member of a list, 郑州与洛阳)
_NOT_WHERE = (
    "高于",
    "低于",
    "高出",
    "低出",
    "较",
    "比",
    "占",
    "居",
    "排名",
    "位居",
    "位列",
    "超过",
    "领跑",
    "跑赢",
    "与",
)
_LIST_AFTER = ("、", "等", "和", "及", "与")
# a clause that is a list of places only (，洛阳、安阳为6%): what may stand before the first and after the last
_LIST_GAP_RE = re.compile(r"[\s,，；;]*")
_LIST_TAIL_RE = re.compile(r"(?:等[地市县区]{0,2})?(?:均|都|分别)?(?:为|是)\s*")
_REFERRED_RE = re.compile(r"该[省市县区]")
_ZONE_RE = re.compile(r"示范区|新区|开发区|高新区|经开区|集聚区|实验区|试验区")  # a zone a title names as its place
_FIELD_OF = ("在", "对")  # 在全省…中 / 对全省…增长: the field or the whole a figure is of, not where it is
_RESPECTIVE_RE = re.compile(r"分列|分别")
# between two ranks of one list: 、 and perhaps the next one's field (居全省第4位、中部城市第9位)
_RANK_RUN_RE = re.compile(r"[\s,，\x1f]*(?:、|和|及|与)[\s\x1f]*[^\s，。；、,;：:0-9]{0,10}")
_RANK_GAP_RE = re.compile(r"[\s,，、\x1f]*(?:、|和|及|与)?[\s,，、\x1f]*")
_FIELD_RE = re.compile(r"(?:全|我|本)([省市县区州盟旗])|(省)内|" + "|".join(_WORLD))
_UNSEEN = object()


class _Said(NamedTuple):
    """A place a sentence stated through 全市 / 全县 …, held for its later clauses like a named one."""

    start: int
    end: int
    kind: str
    code: str


_COMPARED_RE = re.compile("|".join((*_NOT_WHERE, "快于", "慢于")))
# Words whose second character begins a two-character place name: 新乡 in 创新乡村, 范县 in 示范县, 内乡 in 国内乡村.
_STRADDLED = frozenset(
    {
        "创新",
        "更新",
        "革新",
        "重新",
        "全新",
        "示范",
        "规范",
        "防范",
        "国内",
        "省内",
        "市内",
        "境内",
        "多项",
        "各项",
        "单项",
        "事项",
        "立项",
    }
)
_SHORT_FORMS = {"规模以上": "规上", "的比重": "比重", "的贡献率": "贡献率"}
_SHORT_FORMS_RE = re.compile("|".join(_SHORT_FORMS))


def _short(m: re.Match) -> str:
    return _SHORT_FORMS[m.group()]


_RATIO_WORD_RE = re.compile(r"比重|占比|比例|率|(?<=\S)占(?=\S)")
_SCOPE_HEAD_RE = re.compile(r"^(?:全市|全省|全县|全区|的|\s)+")
# A subject that names the indicator but is not its series: the gap to another region's value (高于全国), the
# measure of a subset — projects (配套项目总投资, 项目年产值) or a class of enterprises other than the statistical
# scope 规上/规模以上 (营收超百亿元企业营收, 中小企业年营收) — or the capacity or output of one product (乙烯产能,
# 铝材产量: one series each, not one series of tonnes of anything), or the additions to a stock (新增规上工业企业
# 23家 is not the count of 规上工业企业), or what one part adds to the whole's growth (拉动规上工业增长5.3个百分点), or
# a sector of the three-sector classification (第二产业增加值: no catalog chain holds it, so it keeps its subject),
# or an amount per year (每年新增规上工业企业100家 is no count of the stock, nor a total over the plan).
_NOT_THE_INDICATOR_RE = re.compile(
    FLOW_PREFIX + r"|^第[一二三]产业|^(?:每年|年均|平均每年|每年度)|拉动|\S{2}(?:年产能|产能|生产能力|产量)$|"
    r"(?:高于|低于|高出|低出|快于|慢于)(?:全国|全省|全市|全球|我省|平均|同期|.{1,4}?(?:省|市|县|区))"
    r"|(?:项目|(?<!规上工业)(?<!规模以上工业)(?<!规上制造业)(?<!规模以上制造业)(?<!规上)(?<!规模以上)企业)"
    r"年?(?:营收|营业收入|主营业务收入|利润|产值|规模|税收|增加值|销售收入|出口|市值|研发|总投资|投资|产能)"
)
# what may follow an indicator's name in a subject whose head it still is (规上工业增加值增速, 工业投资的比重,
# or 专精特新”企业, 绿色工厂(园区), 营收平均增速)
_HEAD_TAIL_RE = re.compile(
    r"[”\"’]?(?:企业)?(?:[（(][^）)]{1,6}[)）])?(?:企业)?(?:的)?(?:平均)?(?:增速|增幅|降幅|速度|总量|规模|总额|总数|数量|户数|家数|个数|同比|当月)?$"
)
# measures every owner has (a firm, a class of enterprises, a region): the owner written before one decides whose it is
_GENERIC_MEASURE_RE = re.compile(r"(?:营业收入|营收|主营业务收入|利润总额|利润|产值|总产值|税收|销售收入|出口额|出口)")
# owners whose generic measure is the region's series: an industry, a sector, the statistical scope or the region
_REGION_OWNER_RE = re.compile(r"(?:业|领域|集群|链|规上|规模以上|全市|全省|全县|全区|地区|区域|经济|全部|合计|总)$")


def _owned_by_a_name(subject: str, start: int, end: int) -> bool:
    owner = subject[:start].strip("的 ")
    return (
        bool(owner)
        and _GENERIC_MEASURE_RE.fullmatch(subject, start, end) is not None
        and not (_REGION_OWNER_RE.search(owner))
    )


# a ratio to people, money, households or enterprises written inside a subject
_PER_RE = re.compile(r"每[万百千亿]?[人元户家亩]|户均|人均|企均|家均|亩均")
# verbs inside a subject phrase that split a catalogued name (规模以上工业企业实现营业收入)
_LINKING_NOISE_RE = re.compile(r"实现|完成|累计|共有|拥有|全市|全省|全年|当年")


# Lookups that depend on a phrase and the catalog alone, kept per catalog across documents (a catalog is immutable;
# load_catalog returns a new one when the seeds change). Bounded: a long run over many documents starts afresh.
_LOOKUPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MAX_LOOKUPS = 50_000


def _lookups_of(catalog: Any) -> tuple[dict, dict, dict, dict]:
    """(subject → (codes of the places it starts with, the rest), (subject, chain, enterprise, measure, unit) →
    chain and indicator, (home place, name, place before it) → the place a name denotes (`Linker._choose`), unit
    spelling → the catalog's unit)."""
    try:
        lookups = _LOOKUPS.get(catalog)
    except TypeError:  # a catalog that cannot be weakly referenced: lookups for this document only
        return {}, {}, {}, {}
    if lookups is None or sum(map(len, lookups)) > _MAX_LOOKUPS:
        lookups = _LOOKUPS[catalog] = ({}, {}, {}, {})
    return lookups


class Linker:
    """Catalog lookups for the facts of one document; scans the text for region and enterprise names once."""

    def __init__(self, document: Document, catalog: Any, layout: Layout, mentions: Mentions, topics: EnterpriseTopics):
        self.text = document.text
        self.catalog = catalog
        self.layout = layout
        self.mentions = mentions
        self.topics = topics
        self._stated_in: tuple[int, Any] = (-1, None)  # (sentence start, place) of the last fact naming its place
        self._referred: tuple[int, Any] = (-1, None)  # (paragraph, place) of the last 该市 / 该县 referring back
        self._measured: tuple[int, str | None] = (-1, None)  # (sentence start, subject) of the last fact's measure
        self._stripped, self._by_subject, self._chosen, self._units_by_spelling = _lookups_of(catalog)
        self.document_region = document.region
        self.title = document.title
        self._titled: list | None = None
        self.home = catalog.region(document.region) if document.region else None
        self.home_line = catalog.lineage("region", self.home.code) if self.home is not None else []
        self.province = next((r for r in self.home_line if r.level == "province"), None)
        self.about = self._about()
        self._resolved: dict[tuple[int, int], Any] = {}  # span → the place a region name there denotes (or None)
        self._subject_places: dict[str, Any] = {}  # subject → the place it is, if it is only a place's name

    def link(self, fact: Fact) -> None:
        self._units(fact)
        clause_start = self._clause_start(fact)
        self._region(fact, clause_start)
        if fact.measure == "rank":
            fact.subject = self._ranked(fact.subject or "")
            if fact.subject is None and self._measured[0] == fact.sentence_start:
                fact.subject = self._measured[1]  # 增长8.1%，在全省…排名第3位: the rank of what was just measured
        self._strip_region(fact)
        self._place_only(fact)
        self._enterprise(fact, clause_start)
        # subjects repeat within and across documents: look each (subject, raw chain, enterprise, measure, unit) up
        # once per catalog
        key = (fact.subject, fact.chain, fact.enterprise_code, fact.measure, fact.unit)
        cached = self._by_subject.get(key)
        if cached is None:
            self._chain(fact)
            self._indicator(fact)
            cached = self._by_subject[key] = (fact.chain, fact.chain_code, fact.indicator_code)
        fact.chain, fact.chain_code, fact.indicator_code = cached

    def _units(self, fact: Fact) -> None:
        try:
            unit = self._units_by_spelling[fact.unit]
        except KeyError:  # the catalog folds the spelling to look it up: once per spelling, not per fact
            unit = self._units_by_spelling[fact.unit] = self.catalog.unit(fact.unit)
        if unit is not None:
            in_base_unit(fact, unit)

    def _clause_start(self, fact: Fact) -> int:
        return self.layout.clause_start(fact.start, fact.sentence_start)

    def _mentions(self, kind: str, lo: int, hi: int):
        """Region or enterprise names in text[lo:hi], with offsets into the text."""
        return self.mentions.between(lo, hi, kind)

    def _standalone(self, m) -> bool:
        """Not a member of a list ("偃师、宜阳…", "一拖集团、中信重工等"), a comparison scope ("高于全国") nor the
        whole a contribution is to ("对全球经济增长的贡献率")."""
        before = self.text[max(0, m.start - 3) : m.start]
        after = self.text[m.end : m.end + 1]
        return (
            not before.endswith((*_NOT_WHERE, "、", "对"))
            and (after not in _LIST_AFTER or self.text.startswith("与之", m.end))  # (与之配套: with it, no list)
            and not DESIGNATION_RE.match(self.text, m.end)  # 全国重点实验室: a grantor, not where
            and not _FIELD_AFTER_RE.match(self.text, m.end)  # 全国排名奋力前移: the field of a ranking, not where
        )

    def _region(self, fact: Fact, clause_start: int) -> None:
        region = None
        hi, field = fact.start, None
        if fact.measure == "rank":
            # what is ranked is written before the field it ranks in (在全省18个省辖市中排名第1位, 位居全省第二)
            hi, field = self._rank_field(fact, clause_start)
            fact.region = self.document_region
        if fact.region in _WORLD and fact.region != self.document_region:  # 全国 written, not a national document's
            region = self.catalog.region(_WORLD[fact.region])
        elif (compared := self._compared_place(fact, clause_start)) is not None:
            # 低于全市(0.2%) in a district's bulletin: the city's figure, whatever place the clause opened with
            word, at = compared
            kind = _RELATIVE_RE.fullmatch(word)
            if kind is None:
                region = self.catalog.region(word)
            else:
                region = self._referent(word, kind.group(1) or kind.group(2), at, fact.sentence_start)
        else:
            named = self._innermost([m for m in self._places(clause_start, hi) if self._standalone(m)])
            relative = None if named else self._relative_word(clause_start, hi)
            if relative is None and not named and fact.region in _PROVINCE:
                relative = (fact.region, "省", fact.start)
            if named:
                self._stated_in = (fact.sentence_start, named[0])
                # 漯河市政府工作报告指出，该市…: a place the sentence then refers back to is what the paragraph is about
                back = _REFERRED_RE.search(self.text, named[-1].end, fact.start)
                self._referred = (self.layout.paragraph_at(fact.start), named[-1]) if back else (-1, None)
            elif relative is not None:
                word, _, at = relative
                region = self._referent(*relative, fact.sentence_start)
                if region is None:  # no place of that kind in sight: say so, per article, rather than guess
                    fact.region, fact.region_code = f"{word}（{self.title[:30]}）" if self.title else word, None
                    return
                self._stated_in = (fact.sentence_start, _Said(at, at + len(word), "region", region.code))
                if word.startswith("该"):
                    self._referred = (self.layout.paragraph_at(fact.start), self._stated_in[1])
            elif listed := self._listed_places(clause_start, hi):
                named = listed  # 平顶山、南阳、商丘等地为6.5%左右: the first place listed stands for the list
                if fact.subject and self.text.startswith(fact.subject, listed[0].start):
                    # …and what it measures is what the sentence measured before, as for one place (周口为7%)
                    fact.subject = self._measured[1] if self._measured[0] == fact.sentence_start else None
            elif split := self._subject_clause(fact.sentence_start, clause_start):
                named = split  # 禹州与之配套的铸造产业，1-5月用电量下降7.14%: the subject a comma split off
            elif self._stated_in[0] == fact.sentence_start:
                named = [self._stated_in[1]]  # "伊滨区已签约29个配套项目，总投资超142亿元": still 伊滨区's
            else:
                named = self._sentence_head(fact.sentence_start, fact.start)
                if named and _REFERRED_RE.search(self.text, named[-1].end, fact.start):
                    self._referred = (self.layout.paragraph_at(fact.start), named[-1])
                elif not named and self._referred[0] == self.layout.paragraph_at(fact.start):
                    # 漯河市…指出，该市…增长10.9%。产业链贡献率达95%: the place referred back to stays the paragraph's
                    named = [self._referred[1]]
            if named and named[0].code is None:  # a name several places share, none of them in this text's sight
                fact.region, fact.region_code = self.text[named[0].start : named[0].end], None
                return
            if named:
                region = self.catalog.get("region", named[0].code)
            elif region is None and (
                (fact.region and fact.region == getattr(self.home, "name_zh", None))
                or fact.region in (getattr(self.home, "aliases", ()) or ())
            ):
                region = self.about or self.home
            elif region is None and fact.region:
                region = self.catalog.region(fact.region)
        if region is not None and field is not None and region.code == field:
            # 入选全省…清单数量位居全省第二: the province is the field, the place ranked is the one the text is about
            region = self.about or self.home
        if region is not None:
            fact.region, fact.region_code = region.name_zh, region.code

    def listed_ranks(self, facts: list[Fact]) -> None:
        """A list of ranks measures one thing (居全省第4位、中部城市第9位: both of the subject before the first);
        新郑、巩义、新密分列第21位、第34位、第40位: the k ranks after 分列 / 分别 are the k places listed before."""
        ranks = [f for f in facts if f.measure == "rank"]
        i = 0
        while i < len(ranks):
            j = i + 1
            while (
                j < len(ranks)
                and ranks[j].sentence_start == ranks[i].sentence_start
                and _RANK_RUN_RE.fullmatch(self.text, ranks[j - 1].end, ranks[j].start)
            ):
                j += 1
            run, i = ranks[i:j], j
            for fact in run[1:]:
                fact.subject, fact.indicator_code = run[0].subject, run[0].indicator_code
            verb = _RESPECTIVE_RE.search(self.text, run[0].sentence_start, run[0].start)
            if len(run) < 2 or verb is None:
                continue
            places = self._places(run[0].sentence_start, verb.start())
            listed = places[-len(run) :]
            if len(listed) != len(run) or any(p.code is None for p in listed):
                continue
            if any(not _RANK_GAP_RE.fullmatch(self.text, a.end, b.start) for a, b in pairwise(listed)):
                continue  # not one list of places
            for fact, place in zip(run, listed, strict=True):
                region = self.catalog.get("region", place.code)
                fact.region, fact.region_code = region.name_zh, region.code

    def _ranked(self, subject: str) -> str | None:
        """规上工业增加值增速河南省 → what is ranked, without the place it is ranked in (`subjects.ranked` cut the
        ranking verb and what follows it)."""
        places = self.catalog.scan(subject, ("region",))
        if places and places[-1].end == len(subject) and places[-1].start > 0:
            subject = subject[: places[-1].start]
        return subject if len(subject) >= 2 else None

    def _rank_field(self, fact: Fact, clause_start: int) -> tuple[int, str | None]:
        """Where the field a rank is taken in starts (在…, the ranking verb, the place written right before the
        rank), and the code of the place that field is, if it is one."""
        lo = max(clause_start, fact.start - 40)
        verb = RANK_FIELD_RE.search(self.text, lo, fact.start)
        hi = verb.start() if verb is not None else fact.start
        if verb is None:
            adjacent = [m for m in self._places(lo, fact.start) if m.end == fact.start]
            hi = adjacent[0].start if adjacent else hi  # 增速河南省第一: the province is the field
        places = self._places(hi, fact.end)
        if places and places[0].code:
            return hi, places[0].code
        word = _FIELD_RE.search(self.text, hi, fact.end)
        if word is None:
            return hi, None
        if word.group() in _WORLD:
            region = self.catalog.region(_WORLD[word.group()])
        else:
            region = self._referent(word.group(), word.group(1) or word.group(2), word.start(), fact.sentence_start)
        return hi, region.code if region is not None else None

    def _listed_places(self, lo: int, hi: int) -> list:
        """The first of the places a clause consists of (平顶山、南阳、商丘等地为, 洛阳、安阳为): the figure is each
        one's, not the place of the clause before."""
        places = self._places(lo, hi)
        if len(places) < 2 or not _LIST_GAP_RE.fullmatch(self.text, lo, places[0].start):
            return []
        gaps = [self.text[a.end : b.start] for a, b in pairwise(places)]
        if any(gap not in ("、", "和", "及", "与") for gap in gaps):
            return []
        return places[:1] if _LIST_TAIL_RE.fullmatch(self.text, places[-1].end, hi) else []

    def _innermost(self, named: list) -> list:
        """南京市鼓楼区: of places written one inside the next, the innermost."""
        return [
            m for i, m in enumerate(named)
            if i + 1 == len(named) or named[i + 1].start > m.end or named[i + 1].code is None
            or m.code not in {r.code for r in self.catalog.lineage("region", named[i + 1].code)}
        ]  # fmt: skip

    def _places(self, lo: int, hi: int) -> list:
        """Region names in text[lo:hi], each resolved to one place (code None: a name several places share that
        the context does not settle); short forms of another province's counties are dropped."""
        out = []
        for m in self._mentions("region", lo, hi):
            if out and out[-1].start == m.start:
                continue  # another place of the same name: resolved with the first
            span = (m.start, m.end)
            if span not in self._resolved:
                self._resolved[span] = self._resolve(m)
            if (code := self._resolved[span]) is not False:
                out.append(Mention(m.start, m.end, m.kind, code))  # not _replace: 3x slower
        return out

    def _resolve(self, m) -> str | bool | None:
        """The code of the place the name at m denotes, None when undecided, False when it is no place here."""
        name = self.text[m.start : m.end]
        named = self.catalog.regions_named(name)
        if not named:
            return m.code  # read across a line break (洛\n阳): the scanner's own place
        straddled = m.end - m.start == 2 and self.text[m.start - 1 : m.start + 1] in _STRADDLED
        if len(named) == 1 and not straddled:
            return self._choose(name)
        before = self._before(m)
        return False if straddled and before is None else self._choose(name, before)

    def _before(self, m) -> str | None:
        """The place written just before the name at m (开封市 in 开封市鼓楼区)."""
        lo = max(self.layout.sentence_at(m.start)[0], m.start - 12)
        adjacent = [p for p in self._mentions("region", lo, m.start) if p.end >= m.start - 1]
        if not adjacent:
            return None
        span = (adjacent[0].start, adjacent[0].end)
        if span not in self._resolved:
            self._resolved[span] = self._resolve(adjacent[0])
        return self._resolved[span] or None

    def _choose(self, name: str, before: str | None = None) -> str | bool | None:
        """Of the places a name denotes, the one this document means: short forms of county-level places only in
        the document's province; of several, the one inside the place written before it, else the one nearest the
        document's own place (its city, then its province). None when that leaves several, False when none."""
        # a function of the document's own place, the name and the place before it: kept across documents
        key = (self.home.code if self.home is not None else None, name, before)
        try:
            return self._chosen[key]
        except KeyError:
            chosen = self._chosen[key] = self._choose_place(name, before)
            return chosen

    def _choose_place(self, name: str, before: str | None) -> str | bool | None:
        candidates = [
            r for r in self.catalog.regions_named(name)
            if not self.catalog.is_local_name(name, r.code) or self._in_home_province(r)
        ]  # fmt: skip
        if len(candidates) <= 1:
            return candidates[0].code if candidates else False
        context = [before] if before else []
        context += [r.code for r in self.home_line if r.level not in ("country", "world")]
        for code in context:
            inside = [r for r in candidates if any(a.code == code for a in self.catalog.lineage("region", r.code))]
            if inside:
                return inside[0].code if len(inside) == 1 else None
        return None

    def _in_home_province(self, region) -> bool:
        return self.province is not None and any(
            r.code == self.province.code for r in self.catalog.lineage("region", region.code)
        )

    def _relative_word(self, lo: int, hi: int) -> tuple[str, str, int] | None:
        """(word, kind of place, position) of the last 全市 / 我省 / 全县 … in text[lo:hi] that is not a comparison
        (高于全省), the field a figure is taken in (在全省…中占比) nor the whole it adds to (对全省…的贡献率)."""
        found = None
        for m in _RELATIVE_RE.finditer(self.text, lo, hi):
            # 高于全国0.7、全省3.1个百分点: every place after a comparison in the clause is what is compared with
            field = self.text[m.start() - 1 : m.start()] in _FIELD_OF or DESIGNATION_RE.match(self.text, m.end())
            if not field and not _COMPARED_RE.search(self.text, lo, m.start()):
                found = (m.group(), m.group(1) or m.group(2), m.start())
        return found

    def _compared_place(self, fact: Fact, lo: int) -> tuple[str, int] | None:
        """(place, position) when the fact is another place's figure in parentheses after a comparison (低于全市
        (0.2%), 高于全国（10.9%）: `compared` gave it that place), else None."""
        word = fact.region
        if not word or word == self.document_region:
            return None
        at = self.text.rfind(word, lo, fact.start)
        if at < 0 or not _COMPARED_RE.search(self.text, lo, at):
            return None
        between = self.text[at : fact.start]
        return (word, at) if "(" in between or "（" in between else None

    def _referent(self, word: str, kind: str, pos: int, sentence_start: int):
        """The place 全市 / 全县 / 全省 … stands for: the last place of that kind the sentence names before it, else
        the document's own place if of that kind, else the last one named earlier in the paragraph, else one its
        title names, else the document's enclosing place of that kind (全省 in a Luoyang text), else None."""

        def fits(region) -> bool:
            if kind == "省":
                return region.level == "province"
            return region.name_zh.endswith(kind) and region.level not in ("country", "world")  # 重庆市, 广西…区 too

        def last_fitting(lo: int) -> Any:
            for m in reversed(self._places(lo, pos)):
                region = self.catalog.get("region", m.code) if m.code else None
                if region is not None and fits(region) and self._standalone(m):
                    return region
            return None

        if (region := last_fitting(sentence_start)) is not None:
            return region
        if (region := next((r for r in (self.about, self.home) if r is not None and fits(r)), None)) is not None:
            return region
        paragraph = self.layout.paragraphs[self.layout.paragraph_at(pos)]
        if paragraph.start < sentence_start and (region := last_fitting(max(paragraph.start, pos - 400))) is not None:
            return region
        if (region := next((r for r in reversed(self._title_places()) if fits(r)), None)) is not None:
            return region
        if (region := next((r for r in self.home_line if fits(r)), None)) is not None:
            return region
        if kind == "区" and _ZONE_RE.search(self.title):
            # 1至7月示范区经济运行… filed under 济源市: a zone administered as the document's own place is its 全区
            return self.about or self.home
        return None

    def _about(self) -> Any:
        """The place the document is about when its title names one inside the publisher's (鹤壁市工业经济稳中向好,
        filed under 河南省): what its unscoped statements are about. None otherwise."""
        if self.home is None:
            return None
        for place in self._title_places():
            if place.code != self.home.code and any(
                r.code == self.home.code for r in self.catalog.lineage("region", place.code)
            ):
                return place
        return None

    def _title_places(self) -> list:
        """The places the document's title names (洛阳市工业经济稳中向好), each as this document resolves it."""
        if self._titled is None:
            found = self.catalog.scan(self.title, ("region",)) if self.title else []
            codes = [self._choose(self.title[m.start : m.end]) for i, m in enumerate(found)
                     if not i or found[i - 1].start != m.start]  # fmt: skip
            self._titled = [self.catalog.get("region", code) for code in codes if code]
        return self._titled

    def _subject_clause(self, sentence_start: int, clause_start: int) -> list:
        """A place opening the clause just before, a clause with no figure (禹州与之配套的铸造产业，…下降7.14%): the
        subject a comma split off, where the figure is."""
        if clause_start - 1 <= sentence_start or self.text[clause_start - 1] not in "，,":
            return []
        before = self.text[sentence_start : clause_start - 1]
        lo = sentence_start + max(before.rfind(c) for c in "，,；;：:") + 1
        if lo >= clause_start - 1 or _DIGIT_RE.search(self.text, lo, clause_start - 1):
            return []
        return [m for m in self._places(lo, min(lo + 12, clause_start)) if m.start == lo and self._standalone(m)]

    def _sentence_head(self, sentence_start: int, end: int) -> list:
        """A place the sentence opens with (after its numbering) is where its facts are."""
        head = self.text[sentence_start : sentence_start + 12]
        lo = sentence_start + len(head) - len(head.lstrip("（(一二三四五六七八九十0123456789)）.、 "))
        return [m for m in self._places(lo, min(lo + 12, end)) if m.start == lo and self._standalone(m)]

    def _place_only(self, fact: Fact) -> None:
        """A subject that is only a place ("全省增长6.1%，郑州、洛阳分别增长7.3%和8.1%" → 郑州, 洛阳) is that place's
        value of what the sentence measured before it."""
        code = False
        if fact.subject:
            code = self._subject_places.get(fact.subject, _UNSEEN)
            if code is _UNSEEN:
                code = self._subject_places[fact.subject] = self._choose(fact.subject)
        place = self.catalog.get("region", code) if code else None
        if place is None or place.level == "world":
            if fact.subject:
                self._measured = (fact.sentence_start, fact.subject)
            return
        fact.region, fact.region_code = place.name_zh, place.code
        fact.subject = self._measured[1] if self._measured[0] == fact.sentence_start else None

    def _strip_region(self, fact: Fact) -> None:
        """郑州市规上工业增加值 → region 郑州市 (already linked from the text), subject 规上工业增加值."""
        if not fact.subject:
            return
        stripped = self._stripped.get(fact.subject)
        if stripped is None:
            found = self.catalog.scan(fact.subject, ("region",))
            rest = _SCOPE_HEAD_RE.sub("", fact.subject[found[0].end :]) if found and found[0].start == 0 else ""
            codes = frozenset(m.code for m in found if m.start == 0)  # every place of that name
            stripped = self._stripped[fact.subject] = (codes, rest) if len(rest) >= 2 else (frozenset(), "")
        codes, rest = stripped
        unsettled = fact.region_code is None and bool(fact.region) and fact.subject.startswith(fact.region)
        if rest and (fact.region_code in codes or unsettled):  # 鼓楼区规上工业增加值, 鼓楼区 not settled: still 鼓楼区
            fact.subject = rest

    def _enterprise(self, fact: Fact, clause_start: int) -> None:
        named = [m for m in self._mentions("enterprise", clause_start, fact.start) if self._standalone(m)]
        if named and "等" in self.text[named[-1].end : fact.start]:
            return  # "河柴重工柴油机等 119 个产品": the company is an example of what is counted
        code = named[-1].code if named else self.topics.of(fact)
        if code is None:
            return
        enterprise = self.catalog.get("enterprise", code)
        fact.enterprise, fact.enterprise_code = enterprise.name_zh, enterprise.code
        if fact.subject and (m := ANAPHOR_RE.match(fact.subject)):
            fact.subject = fact.subject[m.end() :]  # 企业营收 → 营收 of the enterprise named

    def _chain(self, fact: Fact) -> None:
        chain = None
        if fact.subject:
            found = self.catalog.scan(fact.subject, ("chain",))
            if found:
                chain = self.catalog.get("chain", max(found, key=lambda m: m.end - m.start).code)
        if chain is None and fact.chain:
            chain = self.catalog.chain(fact.chain) or self.catalog.chain(fact.chain + "产业")
            if chain is None and industry_head(fact.chain) is None:
                fact.chain = None  # not in the catalog and not an industry's name: no chain rather than a fragment
        if chain is None and fact.enterprise_code:
            code = self.catalog.get("enterprise", fact.enterprise_code).chain_code
            chain = self.catalog.get("chain", code) if code else None
        if chain is not None:
            fact.chain, fact.chain_code = chain.name_zh, chain.code

    def _indicator(self, fact: Fact) -> None:
        if not fact.subject:
            return
        subject = _LINKING_NOISE_RE.sub("", fact.subject)
        # 占规模以上工业增加值的比重 is written as 占规上工业增加值比重 in the catalog
        exact = self.catalog.indicator(subject)
        if exact is None:
            subject = _SHORT_FORMS_RE.sub(_short, subject)
            exact = self.catalog.indicator(subject)
        candidates = [exact] if exact is not None else []
        if not candidates:
            # 高技术制造业增加值占规上工业增加值比重: the chain's share, not manufacturing's, though the longer name
            # 制造业增加值占… hides inside it
            chain = self.catalog.scan(subject, ("chain",))
            if chain and chain[0].start == 0 and (rest := self.catalog.indicator(subject[chain[0].end :])):
                candidates = [rest]
        if not candidates and _NOT_THE_INDICATOR_RE.search(fact.subject):
            return  # a gap to another region, or a measure of projects or of a class of enterprises: its own series
        if not candidates:
            # the head of a Chinese noun phrase comes last: prefer the name ending last, then the longest
            found = sorted(self.catalog.scan(subject, ("indicator",)), key=lambda m: (m.end, m.end - m.start))
            # ...and only a name that is the head: 规模以上工业企业出口交货值 is not the count of 规模以上工业企业
            found = [m for m in found if _HEAD_TAIL_RE.match(subject, m.end)]
            if fact.enterprise_code is None:
                # 瑞昌环境产值, 该公司营业收入: a generic measure owned by a name that is no place, industry or scope
                # is a firm's (or a subset's), not the region's total
                found = [m for m in found if not _owned_by_a_name(subject, m.start, m.end)]
            if per := _PER_RE.search(subject):
                # 每万人拥有5G基站, “小巨人”企业户均研发投入强度: a ratio the name found after it does not measure
                found = [m for m in found if m.start <= per.start()]
            candidates = [self.catalog.get("indicator", m.code) for m in reversed(found)]
        for indicator in candidates:
            if self._compatible(indicator, fact):
                fact.indicator_code = indicator.code
                return

    def _compatible(self, indicator: Any, fact: Fact) -> bool:
        """A level or share fact must be in the indicator's own unit family; growth, change, rank, multiple of
        any indicator are fine (增长 5% of 营业收入)."""
        if fact.measure == "change" and fact.unit == "百分点" and _RATIO_WORD_RE.search(fact.subject or ""):
            return indicator.measure == "share"  # 比重…提高0.9个百分点: a change of the share, not of its parts
        if fact.measure in ("growth", "change", "rank", "multiple"):
            return True
        if fact.measure == "share":
            return indicator.measure == "share"
        if indicator.measure == "share" or indicator.unit is None:
            return indicator.measure != "share"
        mine, theirs = self.catalog.unit(fact.unit), self.catalog.unit(indicator.unit)
        return mine is not None and theirs is not None and mine.family == theirs.family


def in_base_unit(fact: Fact, unit: Any) -> None:
    """The fact's value and upper bound in the base unit of `unit`, a catalog unit: for the facts of prose and of
    text tables (Linker) and of CSV / XLSX tables (grid_tables.link) alike."""
    fact.value_base = round(unit.to_base(fact.value), 6)
    fact.base_unit = unit.base_unit
    if fact.value_high is not None:
        fact.value_high_base = round(unit.to_base(fact.value_high), 6)


def link_all(document: Document, facts: list[Fact], catalog: Any, layout: Layout) -> None:
    """Link every fact in place; facts also take the enterprise their paragraph is about (see `topics`)."""
    mentions = Mentions(document.text, layout, catalog)
    topics = EnterpriseTopics(document.text, layout, catalog, facts, mentions)
    linker = Linker(document, catalog, layout, mentions, topics)
    for fact in facts:
        linker.link(fact)
    linker.listed_ranks(facts)
