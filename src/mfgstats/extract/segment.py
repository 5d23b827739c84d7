"""Paragraphs, headings and sentences of a document, with offsets, built once per document.

Blank lines separate paragraphs, except where a page break cut a sentence in two ("石油化工产业\\n\\n营业收入达到");
such fragments are joined. Lines holding tabs, pipe or markdown rows (指标 | 绝对数 | 增长), space-aligned rows, and
the rows of a single-spaced product table under a header naming its growth column (1994年 比上年增长% / 纱 470万吨
-6.3) are table rows and stay out of the prose.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from mfgstats.extract import units

_TERMINAL = "。！？!?；;：:…”」』）)"
# a sentence end, then the gap before the next sentence (the first mark written alone: a pattern opening with a
# character class is searched for as such, one opening with a repeat is entered at every character)
_SENTENCE_END_GAP_RE = re.compile(r"([。！？!?][。！？!?]*[”」』’\"]?)[ \t\u3000\n]*")
# a summary page that sets no full stop ends each statement with its citation labels (…18亿元 [1] - 公司计划…)
_CITED_SENTENCE_END_RE = re.compile(r"[。！？!?]+[”」』’\"]?|(?:[ \t\u3000]*\[[0-9]{1,3}\])+(?=[ \t\u3000\n]|$)")
# a line that ends on a bare figure, alone or after a space (a table's last cell: -14.2, 营业收入 -14.2): it ends its
# sentence even with no 。, so the next line's prose does not take the figure into its subject
_FIGURE_LINE_END_RE = re.compile(r"(?:.*[ \t\u3000])?[-+－−]?[0-9０-９][0-9０-９.．,]*[ \t\u3000]*[%％]?")
_CN_ORD = "一二三四五六七八九十"
# heading / enumerator levels: 第X章 1, X、 2, （X） 3, N. 4
_LEVEL_RES = (
    (1, re.compile(rf"^\s*#*\s*第[{_CN_ORD}]+[章篇部分]")),
    (2, re.compile(rf"^\s*#*\s*[{_CN_ORD}]+、")),
    (3, re.compile(rf"^\s*#*\s*[（(]\s*[{_CN_ORD}]+\s*[)）]")),
    (4, re.compile(r"^\s*#*\s*[0-9]{1,2}\s*[.．、](?![0-9])")),
)
# a line opening with a bullet (●经济增长6%左右, ■ 2025年主要目标, - 1.2万家) is an item of its own, never the rest of a
# sentence cut by a page break
_BULLET_RE = re.compile(r"[●■◆▲★□○•·▪◇※√>\-*]")
_MARKDOWN_HEADING_RE = re.compile(r"^\s*#{1,6}\s")
# a page's date stamp on a line of its own (24.12.2014  12:58, 2021-07-15 12:05:55): not a sentence a page break cut
_DATELINE_RE = re.compile(r"[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}(?:[ \t\u3000]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?")
_PUNCTUATION_RE = re.compile(r"[，。；：！？,.;:!?、]")
_MATCH_START = re.Match.start  # mapped over the matches: no bound method per match
_CLAUSE_SPLIT_RE = re.compile(r"[，；,;：:]|(?<![0-9]),|,(?![0-9])")


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    level: int | None  # enumerator level if the paragraph opens a section
    is_heading: bool  # a short title line (markdown heading or an enumerated line without a sentence end)
    is_table: bool
    sentences: list[tuple[int, int]] = field(default_factory=list)


# what every pattern above (and a markdown heading) starts with: most lines are prose and fail this one test
_LEVEL_START_RE = re.compile(rf"^\s*[#第{_CN_ORD}（(0-9]")


def _ends_on_a_figure(text: str, para: Paragraph) -> bool:
    line_start = max(para.start, text.rfind("\n", para.start, para.end) + 1)
    return _FIGURE_LINE_END_RE.fullmatch(text, line_start, para.end) is not None


def _level(line: str) -> int | None:
    if not _LEVEL_START_RE.match(line):
        return None
    for level, pattern in _LEVEL_RES:
        if pattern.match(line):
            return level
    if _MARKDOWN_HEADING_RE.match(line):
        return 2
    return None


class Layout:
    """Where each paragraph and sentence of the text starts and ends."""

    def __init__(self, text: str):
        self.text = text
        self.paragraphs: list[Paragraph] = []
        self._build()
        # (start, end, paragraph index)
        self.sentence_spans = [(s, e, i) for i, para in enumerate(self.paragraphs) for s, e in para.sentences]
        self.sentence_starts = [s for s, _, _ in self.sentence_spans]
        self.paragraph_starts = [p.start for p in self.paragraphs]
        # every clause break of the text, once: each clause lookup is then a bisection, not a scan
        self.breaks = list(map(_MATCH_START, _CJK_BREAK_RE.finditer(text)))
        if "," in text:  # an ASCII comma breaks a clause unless it groups thousands
            commas = [m.start() for m in re.finditer(",", text) if not _thousands_comma(text, m.start())]
            self.breaks = sorted(self.breaks + commas)

    def _build(self) -> None:
        text = self.text
        pos = 0
        pending: Paragraph | None = None
        plain = False  # inside a single-spaced product table
        lines = text.splitlines(keepends=True)
        i = 0
        while i < len(lines):
            line = lines[i]
            body = line.strip()
            if body.startswith("|") and not body.endswith("|"):  # a pipe row a line break may have cut
                line, i = _joined_row(lines, i)
                body = line.strip()
            else:
                i += 1
            start, pos = pos, pos + len(line)
            if not body:
                continue
            tabbed = "\t" in line.strip("\r\n")
            if not plain and (body[0].isdigit() or "单" in body) and _plain_rows(lines, i - 1):
                plain = True  # from its header on, until a line that is no row of it
            elif plain and not _plain_row(body) and not _NOTE_RE.fullmatch(body):
                plain = False
            is_table = (
                plain
                or (tabbed and _has_cells(line))
                # a group row of one cell inside a table (在总计中:\t, 一、按轻重工业分\t) does not end it
                or (tabbed and pending is not None and pending.is_table and len(body) <= 30)
                or ("|" in line and _pipe_row(body))
                or (("  " in body or "\u3000\u3000" in body) and _spaced_row(body, lines[i] if i < len(lines) else ""))
            )
            # a table row keeps its leading tab: empty cells hold column positions
            lstart = start if is_table else start + (len(line) - len(line.lstrip()))
            lend = start + len(line.rstrip("\r\n")) if is_table else start + len(line.rstrip())
            level = None if is_table else _level(line)
            is_heading = not is_table and (
                bool(_MARKDOWN_HEADING_RE.match(line))
                or (level is not None and len(body) <= 40 and body[-1] not in "。")
                or (len(body) <= 12 and not _PUNCTUATION_RE.search(body))  # a short title line: 核心阅读
            )
            if (
                pending is not None
                and not is_table
                and not pending.is_table
                and not pending.is_heading
                and level is None
                and not is_heading
                and text[pending.end - 1] not in _TERMINAL
                and not _ends_on_a_figure(text, pending)
                and not _BULLET_RE.match(body)
                and not _DATELINE_RE.fullmatch(text, pending.start, pending.end)
            ):
                pending.end = lend  # a page break inside a sentence
                continue
            if pending is not None:
                self.paragraphs.append(pending)
            elif not is_table and level is None and len(body) <= 40 and body[-1] not in _TERMINAL:
                level, is_heading = 0, True  # the document's title: what it says (2023年…公报) dates it all
            pending = Paragraph(lstart, lend, level, is_heading, is_table)
        if pending is not None:
            self.paragraphs.append(pending)
        for para in self.paragraphs:
            para.sentences = self._sentences(para)

    def _sentences(self, para: Paragraph) -> list[tuple[int, int]]:
        if para.is_heading or para.is_table:
            return [(para.start, para.end)]
        out = []
        start = para.start
        if self.text.find("[", para.start, para.end) < 0:
            # most paragraphs cite nothing: one pattern finds each sentence end and the gap after it
            for m in _SENTENCE_END_GAP_RE.finditer(self.text, para.start, para.end):
                out.append((start, m.end(1)))
                start = m.end()
        else:
            for m in _CITED_SENTENCE_END_RE.finditer(self.text, para.start, para.end):
                out.append((start, m.end()))
                start = m.end()
                while start < para.end and self.text[start] in " \t\u3000\n":
                    start += 1
        if start < para.end:
            out.append((start, para.end))
        return out

    def sentence_at(self, pos: int) -> tuple[int, int, int]:
        """(start, end, paragraph index) of the sentence holding pos (the nearest one before it otherwise)."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return self.sentence_spans[i if i > 0 else 0]

    def paragraph_at(self, pos: int) -> int:
        return max(bisect.bisect_right(self.paragraph_starts, pos) - 1, 0)

    def clause_bounds(self, pos: int, sent_start: int, sent_end: int) -> tuple[int, int]:
        """The clause (between ， ； ：) of the sentence holding pos."""
        i = bisect.bisect_left(self.breaks, pos)
        lo = max(sent_start, pos - MAX_CLAUSE, self.breaks[i - 1] + 1 if i else 0)
        hi = min(sent_end, pos + MAX_CLAUSE)
        return lo, min(hi, self.breaks[i]) if i < len(self.breaks) else hi

    def clause_start(self, pos: int, floor: int) -> int:
        """Where the clause holding pos starts, not before floor (the sentence start) nor MAX_CLAUSE before pos."""
        i = bisect.bisect_left(self.breaks, pos)
        return max(floor, pos - MAX_CLAUSE, self.breaks[i - 1] + 1 if i else 0)


# How far the rules look around a number. Real clauses and sentences are far shorter; the caps keep text without
# punctuation (a table pasted as one line) linear instead of quadratic.
MAX_CLAUSE = 200
MAX_SENTENCE = 400

_CLAUSE_BREAKS = "，；;：:。！？!?,"
_CJK_BREAK_RE = re.compile(r"[，；;：:。！？!?]")  # the breaks but the ASCII comma, which may group thousands


def _thousands_comma(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def is_clause_break(text: str, i: int) -> bool:
    """A clause ends at ， ； ： and sentence ends, and at an ASCII comma that is not a thousands separator (a line
    break is not one: inside one paragraph it is a page break)."""
    ch = text[i]
    if ch == ",":
        return not _thousands_comma(text, i)
    return ch in _CLAUSE_BREAKS


def _pipe_row(body: str) -> bool:
    """A row of a pipe or markdown table (| 指标 | 2024年 |, 指标 | 绝对数 | 增长, |---|---|): three cells or more,
    two of them filled, or a row with outer pipes that holds one (a caption or group row: | 在总计中: | | |)."""
    cells = body.strip("|").split("|")
    filled = sum(1 for c in cells if c.strip())
    if filled == 1:
        return body[0] == "|" and body[-1] == "|" and body.count("|") >= 4
    return len(cells) >= 3 and filled >= 2


# a line that goes on a pipe row whose cell a line break cut (绝对数\n(亿元) |): short, no sentence end, no row start
_CELL_LINE_RE = re.compile(r"[^|。！？\n]{1,20}\|?\s*")


def _joined_row(lines: list[str], i: int) -> tuple[str, int]:
    """lines[i], or, when it opens a pipe row without closing it (| 指标 | 绝对数), that row up to the next line that
    opens a row: the row's cells then hold their line breaks. Returns the line and the index after it."""
    line = lines[i]
    body = line.strip()
    if not (body.startswith("|") and not body.endswith("|")):
        return line, i + 1
    j = i + 1
    while j < len(lines) and j - i <= 6 and _CELL_LINE_RE.fullmatch(lines[j].strip()) and lines[j].strip():
        j += 1
    joined = "".join(lines[i:j])
    if j == i + 1 or not joined.rstrip().endswith("|") or not _pipe_row(joined.strip()):
        return line, i + 1
    return joined, j


# a yearbook table set in a plain-text page: columns aligned with runs of spaces (指标    单位    2024年)
SPACED_SPLIT_RE = re.compile(r"[ \u3000]{2,}")
_FIGURE_CELL_RE = re.compile(r"[-－−]?[0-9０-９][0-9０-９.．,]*|——|—|-")
_SENTENCE_MARK_RE = re.compile(r"[，。；！？、：,;!?]")
_YEAR_HEADER_RE = re.compile(r"(?:19|20)[0-9]{2}\s*年[^0-9]{0,6}")


def _spaced_row(body: str, next_line: str = "") -> bool:
    """A row of a space-aligned table: three short cells or more between runs of two spaces or more, with a figure
    in a cell of its own after a label; or its header, with no digit but in a year (2024年), right above such a row
    (a spaced-out signature line, 统  计  局, is none). No sentence marks."""
    cells = SPACED_SPLIT_RE.split(body)
    if len(cells) < 3 or any(len(c) > 16 or _SENTENCE_MARK_RE.search(c) for c in cells):
        return False
    if _FIGURE_CELL_RE.fullmatch(cells[0]):
        return False
    if any(_FIGURE_CELL_RE.fullmatch(c) for c in cells[1:]):
        return True
    return (
        all(not re.search(r"[0-9]", c) or _YEAR_HEADER_RE.fullmatch(c) for c in cells)
        and _spaced_row(next_line.strip())  # with no line after it, that row can only be one of figures
    )


# a product table a bulletin sets with single spaces (化学纤维 269万吨 13.3, 木材 6100万立方米-4.5): a label, a figure
# with its unit, then a bare figure; the label may hold a note in parentheses (化肥(折100%))
_PLAIN_ROW_RE = re.compile(
    r"([^\s0-9，。；：、,;:!?！？()（）]{1,16}(?:[(（][^()（）\s]{1,10}[)）])?)[ \u3000]+"
    r"([0-9][0-9.]*[^\s0-9.+\-－−%，。；：、,;:()（）]{1,5})[ \u3000]*([-+－−]?[0-9][0-9.]*)"
)
# its header: a year, then the bare column's name, which says what it holds (1994年 比上年增长%)
_PLAIN_HEADER_RE = re.compile(r"(?:19|20)[0-9]{2}年[ \u3000]+[^\s0-9，。；]{0,6}(?:增长|增速|增幅)[^\s0-9，。；]{0,4}")


# the same table with the unit in a column of its own (产品名称 单 位 产  量 比上年增减(±)%), its label column named:
# the rows write the unit as a word of its own, or leave it out (钢绞线 4833 -9.7, 洗  煤 万吨 1002 9.02)
_UNIT_HEADER_RE = re.compile(
    r"([^\s0-9，。；]{2,6})[ \u3000]+(单[ \u3000]*位)[ \u3000]+([^\s0-9](?:[ \u3000]{1,2}[^\s0-9]){0,3}?)[ \u3000]+"
    r"([^\s0-9，。；]{0,6}(?:增长|增减|增速|增幅)[^\s0-9，。；]{0,8})"
)
_WORD_RE = re.compile(r"[^ \u3000]+")
_BARE_FIGURE_RE = re.compile(r"[0-9][0-9.,]*")
_SIGNED_FIGURE_RE = re.compile(r"[-+－−]?[0-9][0-9.]*")
_LABEL_WORD_RE = re.compile(r"[^0-9，。；：、,;:!?！？]{1,8}")

# a note between its rows, on a line of its own: (折标准燃料)
_NOTE_RE = re.compile(r"[(（][^()（）\s]{1,10}[)）]")


def _unit_row(body: str) -> list[tuple[int, int]] | None:
    """The cells of a row under a 单位 header: its label (洗  煤: a word spaced out), its unit or an empty cell
    where none is written, its level, its growth."""
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(body)]
    if len(words) < 3 or not _SIGNED_FIGURE_RE.fullmatch(body, *words[-1]):
        return None
    if not _BARE_FIGURE_RE.fullmatch(body, *words[-2]):
        return None
    label = words[:-2]
    unit = None
    if len(label) > 1 and units.lookup(body[slice(*label[-1])]):
        unit, label = label[-1], label[:-1]
    if SPACED_SPLIT_RE.search(body, label[-1][1]) or (unit is None and SPACED_SPLIT_RE.search(body)):
        return None  # a space-aligned row (规模以上 工业    123    4.5): its runs of spaces are its cells
    if not all(_LABEL_WORD_RE.fullmatch(body, *w) for w in label):
        return None
    return [(label[0][0], label[-1][1]), unit or (label[-1][1], label[-1][1]), words[-2], words[-1]]


def _plain_row(body: str) -> bool:
    return bool(_PLAIN_ROW_RE.fullmatch(body)) or _unit_row(body) is not None


def _plain_rows(lines: list[str], i: int) -> bool:
    """lines[i] heads a single-spaced product table: its header, then three rows or more."""
    header = lines[i].strip()
    if _PLAIN_HEADER_RE.fullmatch(header):
        row = _PLAIN_ROW_RE.fullmatch
    elif _UNIT_HEADER_RE.fullmatch(header):
        row = _unit_row
    else:
        return False
    return all(j < len(lines) and row(lines[j].strip()) for j in range(i + 1, i + 4))


def plain_cells(row: str) -> list[tuple[int, int]] | None:
    """The cells' spans in a row or the header of a single-spaced product table; None for any other line."""
    first = len(row) - len(row.lstrip())
    body = row.strip()
    if m := _PLAIN_ROW_RE.fullmatch(body):
        return [(first + m.start(k), first + m.end(k)) for k in (1, 2, 3)]
    if cells := _unit_row(body):
        return [(first + a, first + b) for a, b in cells]
    if m := _UNIT_HEADER_RE.fullmatch(body):
        return [(first + m.start(k), first + m.end(k)) for k in (1, 2, 3, 4)]
    if _PLAIN_HEADER_RE.fullmatch(body):
        # the label column's header is left unwritten: an empty cell keeps the columns over their figures
        return [(first, first), *((first + m.start(), first + m.end()) for m in re.finditer(r"[^ \u3000]+", body))]
    return None


def _has_cells(line: str) -> bool:
    """A table row: tab-separated cells, at least one of them a number or a dash placeholder."""
    cells = [c.strip() for c in line.strip("\n").split("\t")]
    if len(cells) >= 3:
        return True  # prose does not hold two tabs; a header row may hold no number
    return any(re.fullmatch(r"[-－−]?[0-9０-９.．,]+|——|—|-|[0-9]{4}\s*年", c) for c in cells if c)
