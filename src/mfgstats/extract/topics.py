"""Which enterprise a paragraph is about, so that its facts are not read as the city's.

News writing names a company once and then says 企业, 公司, 该企业 or nothing at all:

    背后的洛轴，作为始建于1954年的"共和国长子"……
    改革活力显著释放：2024年，企业营收46.99亿元……今年上半年，生产总值仍同比增长36%。

The 36 % is the company's, not the city's GDP. A paragraph is about an enterprise when

- it quotes someone of that enterprise ("……。"格力电器（洛阳）有限公司副总经理周瑞文说), or
- its first sentence names the enterprise, not as a member of a list, in its first clause ("在宁德时代洛阳基地的
  车间里，…") or again later in the paragraph ("……背后的洛轴，……。2022年起，洛轴落实……"), or
- it refers back (这个/该/其… at its start, or a subject such as 企业营收) and the paragraph before was about one,
  naming no other place or enterprise first.

A fact of such a paragraph takes the enterprise unless its own clause names another one, or its sentence names a
place or a scope (全市, 全省) before it.
"""

from __future__ import annotations

import re
from typing import Any

from mfgstats.extract.mentions import Mentions
from mfgstats.extract.segment import Layout, is_clause_break
from mfgstats.records import Fact

_CLOSING_QUOTE_RE = re.compile('[”"]')
_SPEAKER_RE = re.compile(
    r"[^，。；！？]{0,16}?(?:总经理|董事长|负责人|总裁|经理|副总|书记|主任|厂长|说|表示|介绍|坦言|感慨)"
)
# 其 refers back, 其中/其他/其次 do not
_BACK_REFERENCE_RE = re.compile(r"(?:这个|这家|这座|这一|这里|该|此|其(?![中他次实余]))")
# subjects that point back to the enterprise the paragraph is about: 企业营收, 公司利润, 该企业产值, 其营收
ANAPHOR_RE = re.compile(r"^(?:该企业|该公司|该集团|企业|公司|集团|其(?![中他次实余]))(?=\S{2})")
_SCOPE_RE = re.compile(r"全市|全省|全国|我市|我省|全区|全县|全球|本市|本省")
_FIRST_CLAUSE_RE = re.compile(r"[^，。；：:,;！？!?]*")
_LIST_NEIGHBOURS = ("、", "等", "和", "及", "与")


class EnterpriseTopics:
    """The enterprise (catalog code) each paragraph of one document is about, or None."""

    def __init__(self, text: str, layout: Layout, catalog: Any, facts: list[Fact], mentions: Mentions):
        self.text = text
        self.layout = layout
        self.catalog = catalog
        self.mentions = mentions
        anaphoric = {layout.paragraph_at(f.start) for f in facts if f.subject and ANAPHOR_RE.match(f.subject)}
        with_facts = {layout.paragraph_at(f.start) for f in facts}
        self.topics: dict[int, str] = {}
        previous: str | None = None
        wanted = with_facts | {i - 1 for i in with_facts}  # only these paragraphs can matter: scan nothing else
        for index, para in enumerate(layout.paragraphs):
            if para.is_table or para.is_heading or index not in wanted:
                previous = None
                continue
            topic = self._speaker(para.start, para.end) if index in with_facts else None
            first = para.sentences[0]
            opening = self._named(first[0], first[1])
            if topic is None and opening:
                topic = self._opening_topic(para, opening)
            if topic is None and previous is not None and not opening and self._refers_back(para, index in anaphoric):
                topic = previous
            if topic is not None:
                self.topics[index] = topic
            previous = topic

    def of(self, fact: Fact) -> str | None:
        """The enterprise the fact's paragraph is about, if the fact's sentence does not turn to another place."""
        topic = self.topics.get(self.layout.paragraph_at(fact.start))
        if topic is None:
            return None
        before = self.text[fact.sentence_start : fact.start]
        if _SCOPE_RE.search(before) or any(self._heads_clause(m) for m in self._named(fact.sentence_start, fact.start)):
            return None
        return topic

    def _heads_clause(self, m) -> bool:
        """A place at the head of a clause is what the clause is about ("伊滨区已签约…"); after 在/落子 it is not."""
        i = m.start - 1
        while i >= 0 and self.text[i] in " \u3000\n":
            i -= 1
        return m.kind == "region" and (i < 0 or is_clause_break(self.text, i) or self.text[i] in "。！？")

    def _named(self, lo: int, hi: int) -> list:
        """Regions and enterprises named in text[lo:hi] on their own (not in a list), offsets into the text."""
        return [
            m
            for m in self.mentions.between(lo, hi)
            if self.text[m.start - 1 : m.start] != "、" and self.text[m.end : m.end + 1] not in _LIST_NEIGHBOURS
        ]

    def _opening_topic(self, para, named: list) -> str | None:
        """The first enterprise the first sentence names, if it does so in its first clause or names it again later
        in the paragraph; a place heading a clause of that sentence makes the place the topic ("以中信重工为代表，
        洛阳提质…": the company is an example)."""
        first = next((m for m in named if m.kind == "enterprise"), None)
        if first is None or any(self._heads_clause(m) for m in named):
            return None
        if first.end <= _FIRST_CLAUSE_RE.match(self.text, para.sentences[0][0]).end():
            return first.code
        name = self.text[first.start : first.end]
        return first.code if self.text.find(name, para.sentences[0][1], para.end) >= 0 else None

    def _speaker(self, lo: int, hi: int) -> str | None:
        """An enterprise named right after a closing quote, as its speaker's employer ("……。"优箔公司总经理…)."""
        if self.text.find("”", lo, hi) < 0 and self.text.find('"', lo, hi) < 0:
            return None  # most paragraphs quote no one: two plain finds, not a pattern search over the paragraph
        pos = lo
        while True:
            quote = _CLOSING_QUOTE_RE.search(self.text, pos, hi)
            if quote is None:
                return None
            i = quote.start()
            window_end = min(i + 40, hi)
            after = self.text[i + 1 : window_end]
            stripped = len(after) - len(after.lstrip(" \u3000\n"))
            # the name must open the text after the quote: match there instead of scanning the whole window
            found = self.catalog.names_at(after, stripped, ("enterprise",)) if stripped < len(after) else []
            if found and _SPEAKER_RE.match(after, found[0].end):
                return found[0].code
            pos = i + 1

    def _refers_back(self, para, has_anaphoric_subject: bool) -> bool:
        body = self.text[para.start : para.sentences[0][1]]
        if body[:1] in '“"「':
            return False  # a quotation starts a new voice
        return has_anaphoric_subject or _BACK_REFERENCE_RE.match(body) is not None
