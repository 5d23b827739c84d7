"""HTML → the article's text, without navigation, headers, footers, scripts or link lists.

Government and news pages wrap one article in menus, breadcrumbs, "related news" lists and footers. We drop
elements that are boilerplate by tag or by class/id, then blocks that are mostly links; readability-lxml then
chooses the article's elements among what is left (`mfgstats.ingest.article`). Where it cannot choose, the page's
`<article>` / `<main>` is kept when it marks the content, else the whole body. The chosen elements are rendered
here: paragraphs are separated by a blank line; table rows become lines with tab-separated cells (as the prose
extractor reads tables).
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from mfgstats.ingest.article import article_elements
from mfgstats.ingest.decode import Decoded, decode_text
from mfgstats.ingest.errors import IngestProblem

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "header",
    "footer",
    "aside",
    "head",
)
_BOILERPLATE_TOKENS = frozenset(
    [
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "footer",
        "foot",
        "header",
        "sidebar",
        "share",
        "social",
        "copyright",
        "comment",
        "comments",
        "related",
        "recommend",
        "advert",
        "ads",
        "banner",
        "toolbar",
        "login",
        "search",
        "pagination",
        "pager",
        "topbar",
        "subnav",
    ]
)
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "body",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "ul",
        "caption",
    ]
)
_LINK_DENSE_TAGS = ("ul", "ol", "div", "table", "dl", "section", "p", "td")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_WRAP_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t\r]*\n\\s*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
# Declared charsets that the pages mean as their supersets.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "iso-8859-1": "cp1252"}


def decode_html(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode with the sidecar's encoding, else the page's declared charset if it fits, else detect."""
    if encoding:
        return decode_text(data, encoding)
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = _CHARSET_ALIASES.get(name, name)
        try:
            return Decoded(data.decode(name), name)
        except (UnicodeDecodeError, LookupError):
            pass  # pages often lie about their charset; trust the bytes instead
    return decode_text(data)


def html_text(source: str) -> str:
    """The main text of an HTML page."""
    source = _XML_DECLARATION.sub("", source, count=1)
    if not source.strip():
        raise IngestProblem("empty", "the HTML page is empty")
    # huge_tree: libxml2 otherwise stops at 256 levels of nesting and drops the rest of the page without an
    # exception; with it, the limit is 2,048 levels, and a page deeper than that is refused below.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestProblem("empty", f"the HTML page has no parsable content ({exc})") from exc
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:
        where = f"line {fatal[0].line}, column {fatal[0].column}"
        why = (
            "the page nests elements deeper than the parser's limit of 2,048 levels"
            if "depth" in fatal[0].message
            else f"the HTML parser gave up ({fatal[0].message.strip()})"
        )
        raise IngestProblem(
            "malformed_html",
            f"{why} at {where}, so the text after that point would be lost",
            "save the page's article as plain text (or flatten its nesting) and ingest that",
        )
    _drop_boilerplate(root)
    blocks: list[str] = []
    for element in _article(root):
        _render(element, blocks, [])
    text = "\n\n".join(b for b in blocks if b)
    if not text.strip():
        raise IngestProblem("empty", "the HTML page has no readable text once navigation and scripts are removed")
    return text + "\n"


def _drop_boilerplate(root: lxml.html.HtmlElement) -> None:
    for el in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _drop(el)
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.tag not in ("html", "body") and _is_boilerplate(el):
            _drop(el)
    # Sizes from before this pass serve the whole pass: it visits parents before children, so what it dropped
    # earlier never lay inside the element it looks at.
    chars, links = _sizes(root)
    for el in list(root.iter(*_LINK_DENSE_TAGS)):
        if el.getparent() is not None and _link_dense(chars[el], links[el]):
            _drop(el)


def _sizes(root: lxml.html.HtmlElement) -> tuple[dict, dict]:
    """Non-blank characters of every element's text content, and of the link text inside it, in one bottom-up
    pass: text_content() per element would cost the page's size times its depth (minutes for a deep page)."""
    chars: dict = {}
    links: dict = {}
    for el in reversed(list(root.iter())):  # children before their parents
        n = _visible(el.text) if isinstance(el.tag, str) else 0
        k = 0
        for child in el:
            n += chars[child] + _visible(child.tail)
            k += links[child]
        chars[el] = n
        links[el] = k + n if el.tag == "a" else k
    return chars, links


def _visible(text: str | None) -> int:
    return len(_SPACES.sub("", text)) if text else 0


def _drop(el: lxml.etree._Element) -> None:
    if el.getparent() is None:
        return
    if isinstance(el, lxml.html.HtmlElement):
        el.drop_tree()  # keeps the element's tail text
    else:
        parent = el.getparent()
        if el.tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _is_boilerplate(el: lxml.html.HtmlElement) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}".lower()
    tokens = set(re.split(r"[\s_\-]+", names))
    return bool(tokens & _BOILERPLATE_TOKENS) or el.get("role") in ("navigation", "banner", "contentinfo")


def _link_dense(chars: int, links: int) -> bool:
    """Menus and 'related articles' lists: most of their text is link text."""
    return chars > 0 and links > 0 and links / chars > 0.6


def _article(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """readability's choice of the article's elements; where it cannot choose, the marked or whole body."""
    chosen = article_elements(root)
    if chosen is not None:
        return chosen
    body = root.find("body")
    return [_main_container(body if body is not None else root)]


def _main_container(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """`<article>`/`<main>` when the page marks its content and it holds most of the text; else the whole body."""
    chars, _ = _sizes(root)
    marked = [el for tag in ("article", "main") for el in root.iter(tag)]
    marked += [el for el in root.iter() if isinstance(el.tag, str) and el.get("role") == "main"]
    best = max(marked, key=chars.__getitem__, default=None)
    if best is not None and chars[best] >= 0.5 * chars[root]:
        return best
    return root


def _render(root: lxml.html.HtmlElement, blocks: list[str], line: list[str]) -> None:
    """Walk the tree: inline text accumulates in `line`; a block boundary flushes it into `blocks`. With a stack,
    not recursion: a page may nest 2,048 levels deep, more than Python's recursion limit."""
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        # The tail of the element rendered follows it in its parent: not part of what was chosen.
        tail = el.tail if el is not root else None
        if closing:
            if tag in _BLOCKS:
                _flush(blocks, line)
            _append(line, tail)
            continue
        if tag == "table" and _is_data_table(el):
            _flush(blocks, line)
            blocks.append(_render_table(el))
            _append(line, tail)
            continue
        if tag in _BLOCKS or tag == "br":
            _flush(blocks, line)
        _append(line, el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    _flush(blocks, line)


_MAX_SPAN = 100  # a span is a layout hint; a hostile colspan="100000" must not make a row of 100,000 cells
_CELL_CHARS = 80  # a table cell's text is a label or a figure; an article laid out in a cell is longer


def _is_data_table(table: lxml.html.HtmlElement) -> bool:
    """Old government sites lay whole pages out with tables; only a table of plain cells is data. A nested table,
    list or heading makes a layout table, and so does a cell holding a block (<p>, <div>) unless it is a short one
    without line breaks: yearbook pages wrap each cell's text in one (<th><p>12-11 …</p></th>)."""
    if next((el for el in table.iter("table", "ul", "ol", "h1", "h2", "h3") if el is not table), None) is not None:
        return False
    return all(_plain_cell(cell) for cell in table.iter("td", "th"))


def _plain_cell(cell: lxml.html.HtmlElement) -> bool:
    blocks = sum(1 for _ in cell.iter("p", "div"))
    return blocks == 0 or (blocks == 1 and cell.find(".//br") is None and len(cell.text_content()) <= _CELL_CHARS)


def _render_table(table: lxml.html.HtmlElement) -> str:
    """One line per row, cells between tabs, each in its column: a cell spanning rows (rowspan) leaves an empty
    cell under it, a heading spanning columns (工业 over 总产值 and 增加值) is repeated over each, so a header of
    several rows reads down its columns; a figure or a caption across the whole table is written once."""
    trs = [[c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")] for tr in table.iter("tr")]
    width = max((sum(_span(c, "colspan") for c in row) for row in trs), default=0)
    below: dict[int, int] = {}  # column → rows still covered by a cell above
    rows = []
    for row in trs:
        cells: list[str] = []
        for cell in row:
            while below.get(len(cells), 0):
                below[len(cells)] -= 1
                cells.append("")
            text, span = _clean(cell.text_content()), _span(cell, "colspan")
            repeat = span < width and not any(ch.isdigit() for ch in text)
            for k in range(span):
                if _span(cell, "rowspan") > 1:
                    below[len(cells)] = _span(cell, "rowspan") - 1
                cells.append(text if k == 0 or repeat else "")
        while below.get(len(cells), 0):  # spans from above at the row's end
            below[len(cells)] -= 1
            cells.append("")
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _span(cell: lxml.html.HtmlElement, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def _append(line: list[str], text: str | None) -> None:
    if text:
        line.append(text)


def _flush(blocks: list[str], line: list[str]) -> None:
    if line:
        text = _clean("".join(line))
        if text:
            blocks.append(text)
        line.clear()


def _clean(text: str) -> str:
    # A line break in the HTML source between two Chinese characters is a source wrap, not a space.
    text = _WRAP_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()
