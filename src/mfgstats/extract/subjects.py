"""What a quantity is about: the subject phrase, the region scope and the industry topic of its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mfgstats.extract.lexicon import NOUN_FOLLOWS_RE, SCOPE_WORDS, SUBJECT_HEAD_RE, SUBJECT_TAIL_RE
from mfgstats.extract.periods import MARKER_RE

_OWN_SCOPE = ("全市", "我市", "本市")
_COMPARE_HEAD_RE = re.compile(r"^(?:高于|低于|高出|低出|较|比|占)")
_COMPARE_IN_RE = re.compile(r"(高于|低于|高出|低出)(?:全国|全省|我省|全球|全市)")
_AFTER_STOP_RE = re.compile(r"[，。；：、,;:!?！？\n0-9０-９]|占|达到|位居|形成|成为|带动|推动|实现|提供|构成")
# a subject that only names the measure (增幅达23%) is about the previous quantity's subject
# measure nouns that name what is measured but not of what (增加值 of which industry?)
_GENERIC_MEASURE_RE = re.compile(
    r"增加值|营业收入|主营业务收入|营收|利润总额|利润|产值|总产值|产量|税收|出口额|进口额|投资额|销售收入"
)
_QUALIFIER_VERB_RE = re.compile(r"实现|完成|累计|共")
_MEASURE_ONLY_RE = re.compile(r"^(?:增幅|增速|增长|降幅|占比|比重|比例|总量|规模|总数|数量)$")
_TOPIC_RE = re.compile(
    r"^[（(]?[一二三四五六七八九十0-9]*[)）.、]?\s*([^\s，。；、（(]{2,14}?)(?:产业|领域|行业|板块)[，。:：]"
)
# an industry named at the head of a subject: "新材料产业营业收入" → 新材料
_INDUSTRY_IN_SUBJECT_RE = re.compile(r"([^\s，。；、“”0-9A-Za-z]{2,10}?)(?:产业集群|产业链|产业|领域|行业)")
_NOT_INDUSTRY_RE = re.compile(r"发展|推动|实施|加快|打造|培育|形成|建设|组建|各类|等|规模|主要")
_NOISE_RE = re.compile(r"[\s\u3000]+")
_FIRST_CLAUSE_RE = re.compile(r"[^，。；：,;:！？!?]+")
_HEAD_VERB_RE = re.compile(r"获批|成为|实现|建成|入选|获得|荣获|位居|跻身|被")
# comparison bases are not part of what is measured: 规模以上工业增加值比上年增长 → 规模以上工业增加值
_DANGLING_BASE_RE = re.compile(r"(?<!占)(?:较|比)$")  # 增速较(上半年): the base was a time phrase
_BASE_PHRASE_RE = re.compile(
    r"(?:比|较|相比)(?:上年|去年)(?:末|同期)?|同比|环比|(?:建成|投产|达产|完成)后(?:可实现|可达到|可达|可|将)?|可实现"
)
MAX_SUBJECT = 24


@dataclass
class About:
    subject: str | None
    scope: str | None  # 全国 / 全省 / 全球 … written at the head of the subject; None = the document's region
    inherited: bool = False  # nothing named it: it is the previous quantity's subject ("2.9%，2020 年-4.3%")


def _clean(phrase: str, home: tuple[str, ...] = ()) -> str:
    phrase = _BASE_PHRASE_RE.sub("", phrase)
    phrase = MARKER_RE.sub("", phrase)
    phrase = _NOISE_RE.sub("", phrase)
    phrase = phrase.strip('，,、；;：:。 “”"')
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
    phrase = _DANGLING_BASE_RE.sub("", phrase)
    phrase = phrase.strip('“”"的 ')[-MAX_SUBJECT:]
    return phrase if len(phrase) >= 2 else ""


def _after_phrase(text: str, start: int, limit: int) -> str:
    m = _AFTER_STOP_RE.search(text, start, limit)
    end = m.start() if m else limit
    return _NOISE_RE.sub("", text[start:end]).strip('“”"')[:MAX_SUBJECT]


def describe(
    text: str,
    segment_before: str,
    after_start: int,
    clause_end: int,
    previous: About | None,
    *,
    noun_follows: bool = False,
    home: tuple[str, ...] = (),
) -> About:
    """The subject of one quantity.

    segment_before: the clause text from its start (or the previous quantity) to this quantity;
    after_start: where the text after the quantity starts; noun_follows: the quantity qualifies the noun after it
    (a count after a list, "千亿级产业集群"); home: names of the document's region, stripped from subjects.
    """
    raw = segment_before.lstrip("、，, 和及与")
    scope = None
    head = _NOISE_RE.sub("", MARKER_RE.sub("", raw)).lstrip('“”"，,')
    for word in SCOPE_WORDS:
        if head.startswith(word):
            scope = None if word in _OWN_SCOPE else word
            break
    verb_before = NOUN_FOLLOWS_RE.search(raw.rstrip())
    before = _clean(NOUN_FOLLOWS_RE.sub("", raw.rstrip()) if verb_before else raw, home)
    after = _after_phrase(text, after_start, clause_end)
    after = after if len(after) >= 2 else ""
    if after and (verb_before or not before or noun_follows):
        # "拥有 14 家超百亿企业": the counted noun follows the number
        subject = after if not before or noun_follows or len(before) > 10 else f"{before}{after}"
        return About(subject[-MAX_SUBJECT:], scope)
    if verb_before and not before:
        return About(None, scope)  # "带动1000人" with the noun lost: its own statement, not the previous one
    if previous is not None and previous.subject and (not before or before == scope):
        if scope and _COMPARE_IN_RE.search(previous.subject):
            # "高于全国0.7、全省3.1个百分点": the scope is what is compared with, not where
            subject = _COMPARE_IN_RE.sub(lambda m: m.group(1) + scope, previous.subject, count=1)
            return About(subject, previous.scope, inherited=True)
        return About(previous.subject, scope or previous.scope, inherited=True)
    if previous is not None and previous.subject and _GENERIC_MEASURE_RE.fullmatch(before):
        # 制造业营业收入…，增加值达到…: the bare measure belongs to the same industry as the one before it
        m = _GENERIC_MEASURE_RE.search(previous.subject)
        qualifier = (
            _QUALIFIER_VERB_RE.sub("", previous.subject[: m.start()]) if m and m.end() == len(previous.subject) else ""
        )
        if qualifier:
            return About(f"{qualifier}{before}"[-MAX_SUBJECT:], scope or previous.scope)
    if previous is not None and previous.subject and _MEASURE_ONLY_RE.match(before):
        return About(f"{previous.subject}{before}"[-MAX_SUBJECT:], scope or previous.scope)
    if previous is not None and previous.subject and _COMPARE_HEAD_RE.match(before):
        head_noun = re.split(r"占|高于|低于|较|比", previous.subject)[0]
        return About(f"{head_noun}{before}"[-MAX_SUBJECT:], scope or previous.scope)
    if scope and before.startswith(scope):
        before = before[len(scope) :]
    return About(before or None, scope)


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
    return m.group(1) if m else None


def industry_in(subject: str | None) -> str | None:
    if not subject:
        return None
    m = _INDUSTRY_IN_SUBJECT_RE.match(subject)
    if m is None or _NOT_INDUSTRY_RE.search(m.group(1)):
        return None
    return m.group(1)
