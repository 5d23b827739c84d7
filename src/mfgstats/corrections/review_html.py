"""The review list as one static, self-contained HTML page (no external CSS or JavaScript), written beside the
quality report."""

from __future__ import annotations

import html
from collections import Counter
from datetime import datetime

from mfgstats.corrections.review import KINDS, Item

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem;color:#222;max-width:70rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.4rem;vertical-align:top;
text-align:left}th{background:#f6f6f6}mark{background:#ffe08a;padding:0 .1rem}code{font-size:.85rem;
background:#f3f3f3;padding:0 .2rem;word-break:break-all}.doc{color:#555;font-size:.85rem}
"""


def _sentence(text: str) -> str:
    """The sentence escaped, with the figure between 【 and 】 highlighted."""
    escaped = html.escape(text)
    return escaped.replace("【", "<mark>").replace("】", "</mark>")


def render(items: list[Item], source: str) -> str:
    counts = Counter(i.kind for i in items)
    parts = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>mfgstats review</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>What needs a human eye</h1>",
        f"<p class='doc'>{html.escape(source)} — {datetime.now():%Y-%m-%d %H:%M}. Act on an item with "
        "<code>mfgstats correct …</code> (it writes a reviewed record under data/corrections/) and run "
        "<code>mfgstats run</code>.</p><ul>",
    ]
    parts += [f"<li>{n} {html.escape(KINDS[k])}(s)</li>" for k, n in counts.items()]
    parts.append("</ul>")
    for kind, label in KINDS.items():
        rows = [i for i in items if i.kind == kind]
        if not rows:
            continue
        parts.append(f"<h2 id='{kind}'>{html.escape(label)} ({len(rows)})</h2><table>")
        parts.append("<tr><th>what</th><th>sentence</th><th>act on</th></tr>")
        for i in rows:
            parts.append(
                f"<tr><td>{html.escape(i.title)}<div class='doc'>{html.escape(i.document)}</div></td>"
                f"<td>{_sentence(i.sentence)}</td>"
                f"<td><code>{html.escape(i.act_on)}</code><div class='doc'>{html.escape(i.suggestion)}</div></td></tr>"
            )
        parts.append("</table>")
    if not items:
        parts.append("<p>Nothing to review.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
