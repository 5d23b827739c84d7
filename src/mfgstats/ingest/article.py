"""Which elements of a web page are its article, chosen by readability-lxml (a maintained port of Mozilla's
Readability heuristics) on the page as ingestion parsed it.

readability scores paragraphs and their containers and returns the best container with its related siblings,
sanitised. Its sanitiser also drops small tables and short elements, which are exactly a statistical release's
tables and headings, so only its choice is used: every element of the tree is numbered before readability sees a
copy, and the numbered elements at the top of its output are the original elements, read in full by ingestion's
own rendering (bench/html_readers.py measures the difference).
"""

from __future__ import annotations

import copy
import logging

import lxml.etree
import lxml.html
from readability import Document

_MARK = "data-mfgstats-node"
_WHOLE_BODY = 'id="readabilityBody"'  # the id readability gives <body>, in its output only when it returns <body>
# readability's own retry length: an article shorter than this is one it cannot tell from the page around it.
MIN_ARTICLE_CHARS = 250
# readability parses with libxml2's default limit of 256 levels and scores containers by their whole text, so it
# was made for pages no deeper than that (a 2,000-level page takes it seconds); deeper pages are read without it.
MAX_DEPTH = 256

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)  # a page it gives up on is handled below


def article_elements(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement] | None:
    """The elements of `root` that hold the article, in page order; None when readability cannot say (a page
    deeper than MAX_DEPTH, a page it cannot parse, or an article shorter than MIN_ARTICLE_CHARS)."""
    if _depth(root) > MAX_DEPTH:
        return None
    nodes = [el for el in root.iter() if isinstance(el.tag, str)]
    for i, el in enumerate(nodes):
        el.set(_MARK, str(i))
    try:
        summary = Document(copy.deepcopy(root)).summary(html_partial=True)
        chosen = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (ValueError, lxml.etree.ParserError):  # it gave up (its Unparseable is a ValueError), or chose nothing
        return None
    finally:
        for el in nodes:
            del el.attrib[_MARK]
    if _WHOLE_BODY in summary:  # no candidate: readability returned the page's body, which is no choice
        return None
    numbers: set[int] = set()
    stack = list(reversed(chosen))
    while stack:  # top down: a numbered element is picked whole, and what lies inside it is not looked at again
        el = stack.pop()
        if isinstance(el.tag, str) and el.get(_MARK) is not None:
            numbers.add(int(el.get(_MARK)))
        else:
            stack.extend(reversed(el))
    picked = [nodes[i] for i in sorted(numbers)]  # numbered in document order
    inside = set(picked)
    picked = [el for el in picked if not any(a in inside for a in el.iterancestors())]  # rendered with its parent
    if sum(len("".join(el.itertext()).strip()) for el in picked) < MIN_ARTICLE_CHARS:
        return None
    return picked


def _depth(root: lxml.etree._Element) -> int:
    """The nesting depth of the tree, without recursion (a page may nest 2,048 levels)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest
