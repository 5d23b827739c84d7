"""Enumerations whose members have their own subjects: give each quantity of a list its own subject.

Chinese statistical prose packs parallel statements into one clause, and the quantities of the clause pair with a
list written elsewhere in it:

- a list of subjects:  营收、利润较“十三五”末增长60.5%、58%            → 营收 60.5 %, 利润 58 %
- a list of bases:     高于全国、全省0.95、2.2个百分点                → 高于全国 0.95, 高于全省 2.2
- 分别 after statements that each named a subject:
                       接待游客1.53亿人次，旅游总收入1208.59亿元，同比分别增长13.48%、16.02%
                                                                      → 接待游客 13.48 %, 旅游总收入 16.02 %

A list pairs only with a run of exactly as many quantities; anything else is left as the subject rules made it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mfgstats.extract.segment import Layout
from mfgstats.extract.subjects import industry_head, strip_leading_verbs
from mfgstats.records import Fact

# between two members of one enumeration of quantities: 、 和 及 与, perhaps a scope word (0.7、全省3.1个百分点)
_MEMBER_GAP_RE = re.compile(r"\s*(?:、|和|及|与|以及)\s*(?:全国|全省|全市|全球|我省|我市)?\s*")
_LIST_SPLIT_RE = re.compile(r"、|和|及|与|以及")
_COMMA_SPLIT_RE = re.compile(r"、")
_RESPECTIVELY_RE = re.compile(r"分别")
_SHARE_OF_RE = re.compile(r"占([^，。；、0-9]{1,8}?)的?\s*$")
_COMPARE_IN_SUBJECT_RE = re.compile(r"(高于|低于|高出|低出|快于|慢于|超过)(.+)$")
# a measure noun that a list shares at its end (营业收入、利润总额 / 高技术制造业和装备制造业增加值)
# the noun a scale class qualifies: 千亿级产业, 百亿级产业集群
_CLASS_NOUN_RE = re.compile(r"\s*(产业集群|产业链|产业|集群|基地|园区)")
_SHARED_MEASURE_RE = re.compile(
    r"((?:增加值|营业收入|营收|利润总额|利润|产值|产量|投资)?(?:增速|增幅|比重|占比)|"
    r"增加值|营业收入|主营业务收入|营收|利润总额|利润|产值|总产值|产量|销量|销售额|税收|出口额|进口额|投资额|投资|销售收入|"
    r"规模)$"
)


def distribute(layout: Layout, facts: list[Fact]) -> None:
    """Give each member of an enumeration its own subject, in place. facts: one paragraph's prose facts in order."""
    text = layout.text
    i = 0
    while i < len(facts):
        j = i
        while j + 1 < len(facts) and _same_run(text, facts[j], facts[j + 1]):
            j += 1
        if j > i:
            _assign(layout, facts, i, j + 1)
        i = j + 1


def _same_run(text: str, a: Fact, b: Fact) -> bool:
    # 分别增长36.3倍、62.9%: a multiple and the rates after it are members of one growth list
    growths = {a.measure, b.measure} == {"multiple", "growth"} and a.direction == b.direction
    return (
        a.sentence_start == b.sentence_start
        and ((a.base_unit == b.base_unit and a.measure == b.measure) or growths)
        and _MEMBER_GAP_RE.fullmatch(text, a.end, b.start) is not None
    )


def _assign(layout: Layout, facts: list[Fact], lo: int, hi: int) -> None:
    run = facts[lo:hi]
    k = len(run)
    first = run[0]
    subject = first.subject or ""
    m = _COMPARE_IN_SUBJECT_RE.search(subject)
    if m and len(bases := _LIST_SPLIT_RE.split(m.group(2))) == k:
        head = subject[: m.start()]
        for fact, base in zip(run, bases, strict=True):
            fact.subject = f"{head}{m.group(1)}{base}"
        return
    items = _split_list(subject)
    if len(items) != k:
        items = _split_list(subject, _COMMA_SPLIT_RE)  # 电力、热力、燃气及水生产和供应业: 及/和 inside a member
    if len(items) == k:
        for fact, item in zip(run, items, strict=True):
            fact.subject = item
        return
    before = layout.text[layout.clause_start(first.start, first.sentence_start) : first.start]
    if _RESPECTIVELY_RE.search(before):
        _respectively(facts, lo, k, before)


def _respectively(facts: list[Fact], lo: int, k: int, before: str) -> None:
    """分别: the k facts before the run, in the same sentence, each named what one member measures."""
    if lo < k:
        return
    sources = facts[lo - k : lo]
    run = facts[lo : lo + k]
    if any(s.sentence_start != run[0].sentence_start or not s.subject for s in sources):
        return
    if len({s.subject for s in sources}) != k:
        return
    share_of = _SHARE_OF_RE.search(before.replace("分别", ""))
    for fact, source in zip(run, sources, strict=True):
        fact.subject = f"{source.subject}占{share_of.group(1)}" if share_of else source.subject
        fact.chain = fact.chain or source.chain


_ORDINAL_SECTORS_RE = re.compile(r"第?([一二三](?:[、和及与][一二三])+)(?:产业|产)(.*)")


def _split_list(subject: str, separators: re.Pattern = _LIST_SPLIT_RE) -> list[str]:
    """'营收、利润' → ['营收', '利润']; '高技术制造业和装备制造业增加值' → ['高技术制造业增加值', '装备制造业增加值'];
    '规上工业企业营业收入、利润总额' → ['规上工业企业营业收入', '规上工业企业利润总额']. Quoted or bracketed
    lists are names, not lists."""
    if not subject or any(ch in subject for ch in '“”"（()）《》'):
        return [subject]
    if sectors := _ORDINAL_SECTORS_RE.fullmatch(subject):
        # 第一、二、三产业 / 二、三产业增加值: the three-sector classification written once for its members
        return [f"第{n}产业{sectors.group(2)}" for n in re.findall("[一二三]", sectors.group(1))]
    items = separators.split(subject)
    if len(items) < 2 or any(len(item) < 2 for item in items):
        return [subject]
    # a measure written once at the end belongs to every item (高技术制造业和装备制造业增加值)
    last = _SHARED_MEASURE_RE.search(items[-1])
    if last and not any(_SHARED_MEASURE_RE.search(item) for item in items[:-1]) and last.start() > 0:
        items = [item + last.group(1) for item in items[:-1]] + [items[-1]]
    # an owner written once at the start belongs to every bare measure after it (规上工业企业营业收入、利润总额)
    first = _SHARED_MEASURE_RE.search(items[0])
    if first and first.start() > 0:
        owner = items[0][: first.start()]
        items = [items[0]] + [owner + item if _SHARED_MEASURE_RE.fullmatch(item) else item for item in items[1:]]
    return items


def scale_classes(layout: Layout, facts: list[Fact]) -> list[Fact]:
    """A scale class after a count ("智能装备制造、铝钛新材料、精细化工 3 个千亿级产业") says each listed member is of
    that scale: one fact per member. Without a list of as many members, the class only qualifies the counted noun
    ("培育3个千亿级产业") and states nothing by itself."""
    text = layout.text
    out: list[Fact] = []
    for fact in facts:
        prev = out[-1] if out else None
        if not (
            prev is not None
            and fact.text.endswith("级")
            and prev.measure == "level"
            and prev.base_unit == prev.unit  # a count: its classifier is its own base unit
            and text[prev.end : fact.start].strip() == ""
        ):
            out.append(fact)
            continue
        noun = _CLASS_NOUN_RE.match(text, fact.end)
        listed = strip_leading_verbs(text[layout.clause_start(prev.start, prev.sentence_start) : prev.start].strip())
        members = [m.strip() for m in _LIST_SPLIT_RE.split(listed)] if listed else []
        if noun is None or len(members) != prev.value or any(len(m) < 2 for m in members):
            continue
        out.extend(
            replace(fact, subject=f"{member}{noun.group(1)}规模", chain=industry_head(member) or fact.chain)
            for member in members
        )
    return out
