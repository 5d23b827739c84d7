"""Web pages made from the real-release corpus, for measuring HTML readers (bench/html_readers.py).

usage: .venv/bin/python bench/html_pages.py [--corpus bench/real] [--out bench/out/html_pages]

The corpus keeps only the text of each release (bench/real/texts, git-ignored), so each text is wrapped here in
one of four page layouts written after Chinese government and news sites: a modern CMS with marked navigation,
breadcrumbs, a sidebar and share buttons; an old site laid out with nested tables, <font> and <br>-separated
paragraphs wrapped in the source; a news portal with <header>/<nav>/<footer> and related-news lists; and a
Word-exported article (TRS editor) whose numbers are split by <span>s. Each boilerplate part carries the numbers
and dates such parts carry on real sites (related headlines with figures, visit counters, 备案号, phone numbers).
A text's pipe-table lines become a <table>.

Each page is written as <id>.html beside <id>.json: the article text (its characters, in order), the table rows
(cells) and the boilerplate strings, so a reader's output can be measured against what the page holds. The
output folder is git-ignored: the articles are third-party text.
"""

# ruff: noqa: E501 -- the layouts are page markup, kept on the lines a site would write them

from __future__ import annotations

import argparse
import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "bench" / "real"
DEFAULT_OUT = ROOT / "bench" / "out" / "html_pages"

# Boilerplate a government page carries around its article: figures and dates included, since they are what an
# extractor would wrongly pick up when a reader lets them through.
NAV = ["首页", "政务公开", "统计数据", "统计公报", "数据解读", "政策法规", "互动交流", "专题专栏"]
RELATED = [
    ("2024年1—8月全市规上工业增加值增长8.1%", "2024-09-20"),
    ("全市规模以上工业企业达到2015家", "2024-07-02"),
    ("上半年固定资产投资增长6.3%", "2024-07-18"),
    ("前三季度地区生产总值4102.5亿元", "2024-10-25"),
    ("新增专精特新中小企业126家", "2024-05-11"),
]
RANKING = ["一季度工业用电量增长12.4%", "全市新能源汽车产量突破3万辆", "外贸进出口总值增长15.2%"]
FOOTER = [
    "主办单位：市统计局　承办单位：市统计局办公室",
    "地址：开元大道218号　邮编：471000　电话：0379-63921234",
    "网站标识码：4103000012　豫ICP备05012345号-1　豫公网安备41030202000123号",
    "您是第1285634位访客　建议使用1366×768分辨率浏览",
]
SHARE = ["分享到：", "微信", "微博", "QQ空间", "打印本页", "关闭窗口"]
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Page:
    id: str
    layout: str
    title: str
    article: list[str] = field(default_factory=list)  # paragraphs, in order
    tables: list[list[list[str]]] = field(default_factory=list)  # table → rows → cells
    boilerplate: list[str] = field(default_factory=list)


def split_text(text: str) -> tuple[list[str], list[list[list[str]]], list[tuple[str, int]]]:
    """Paragraphs, pipe tables (rows of cells) and the order of both (("p", i) / ("t", i)) in a corpus text.

    A table is a run of lines starting with '|'; a line that does not start with '|' may continue the row above
    (a header cell broken over lines, see _continues)."""
    paragraphs: list[str] = []
    tables: list[list[list[str]]] = []
    order: list[tuple[str, int]] = []
    rows: list[str] = []

    def close() -> None:
        if rows:
            cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
            cells = [[c for c in row] for row in cells if any(row)]
            if cells:
                order.append(("t", len(tables)))
                tables.append(cells)
            rows.clear()

    lines = [line.strip() for line in text.splitlines()]
    for n, stripped in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if stripped.startswith("|"):
            rows.append(stripped)
        elif rows and stripped and _continues(rows[-1], stripped, following):
            rows[-1] += stripped
        else:
            close()
            if stripped:
                order.append(("p", len(paragraphs)))
                paragraphs.append(stripped)
    close()
    return paragraphs, tables, order


def _continues(row: str, line: str, following: str) -> bool:
    """A row left open, or a line (or the next one) that closes a cell: the row goes on over this line."""
    return not row.endswith("|") or line.endswith("|") or (following.endswith("|") and not following.startswith("|"))


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _spanned(text: str, seed: int) -> str:
    """Word-exported markup: every number in its own <span>, every third one split in two inside the number."""
    out, last = [], 0
    for i, m in enumerate(NUMBER.finditer(text)):
        out.append(f'<span style="font-family:仿宋_GB2312;font-size:16pt">{_esc(text[last : m.start()])}</span>')
        number = m.group()
        if (i + seed) % 3 == 0 and len(number) > 1:
            cut = len(number) // 2
            out.append(f'<span lang="EN-US">{number[:cut]}</span><span lang="EN-US">{number[cut:]}</span>')
        else:
            out.append(f'<span lang="EN-US" style="font-family:Times New Roman">{number}</span>')
        last = m.end()
    out.append(f'<span style="font-family:仿宋_GB2312">{_esc(text[last:])}</span>')
    return "".join(out)


def _wrapped(text: str, width: int = 58) -> str:
    """Source lines wrapped between two Chinese characters, as old CMS templates write long paragraphs."""
    out, run = [], 0
    for i, ch in enumerate(text):
        out.append(_esc(ch))
        run += 1
        if run >= width and CJK.match(ch) and i + 1 < len(text) and CJK.match(text[i + 1]):
            out.append("\n        ")
            run = 0
    return "".join(out)


def _table(rows: list[list[str]], attrs: str = 'border="1" cellspacing="0" cellpadding="4"') -> str:
    body = []
    for r, row in enumerate(rows):
        tag = "th" if r == 0 else "td"
        cells = "".join(f"<{tag}><p>{_esc(c)}</p></{tag}>" if r == 0 else f"<{tag}>{_esc(c)}</{tag}>" for c in row)
        body.append(f"<tr>{cells}</tr>")
    return f"<table {attrs}><tbody>{''.join(body)}</tbody></table>"


def _related(tag_open: str, tag_close: str) -> str:
    return "".join(
        f'{tag_open}<a href="/tjsj/{i}.html" title="{t}">{_esc(t)}</a><span class="date">{d}</span>{tag_close}'
        for i, (t, d) in enumerate(RELATED)
    )


def _body_parts(page: Page, order: list[tuple[str, int]], paragraph) -> str:
    parts = []
    for kind, i in order:
        parts.append(paragraph(page.article[i]) if kind == "p" else _table(page.tables[i]))
    return "\n".join(parts)


def modern(page: Page, order: list[tuple[str, int]], meta: dict) -> str:
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(NAV))
    body = _body_parts(page, order, lambda p: f'<p style="text-indent:2em;">{_esc(p)}</p>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{_esc(page.title)}_统计数据</title>
<link rel="stylesheet" href="/css/main.css"><script src="/js/jquery.min.js"></script></head>
<body>
<div class="top-bar"><div class="w1200"><span>今天是：2024年9月21日 星期六</span><a href="/wza">无障碍</a><a href="/en">English</a></div></div>
<div class="header"><div class="logo"><img src="/logo.png" alt="统计局"></div>
 <div class="search-box"><form action="/search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div></div>
<div class="nav-bar"><ul class="nav">{nav}</ul></div>
<div class="w1200 main-wrap">
 <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tjsj/">统计数据</a> &gt; <a href="/tjgb/">统计公报</a></div>
 <div class="left-col">
  <div class="detail">
   <div class="detail-title"><h1>{_esc(page.title)}</h1></div>
   <div class="detail-info">发布时间：{meta["published"]}　来源：{_esc(meta["publisher"])}　浏览次数：3862　字号：[<a>大</a> <a>中</a> <a>小</a>]</div>
   <div class="detail-content" id="zoom">
{body}
   </div>
   <div class="bdsharebuttonbox">{"".join(f"<a>{s}</a>" for s in SHARE)}</div>
   <div class="prev-next"><p>上一篇：<a href="/a/1.html">{_esc(RELATED[1][0])}</a></p><p>下一篇：<a href="/a/2.html">{_esc(RELATED[2][0])}</a></p></div>
  </div>
 </div>
 <div class="right-col">
  <div class="box"><div class="box-title">相关阅读</div><ul>{_related("<li>", "</li>")}</ul></div>
  <div class="box"><div class="box-title">热点排行</div><ol>{"".join(f"<li><a href='/r/{i}'>{t}</a></li>" for i, t in enumerate(RANKING))}</ol></div>
 </div>
</div>
<div class="footer"><div class="w1200">{"".join(f"<p>{f}</p>" for f in FOOTER)}</div></div>
<script>var _hmt = _hmt || []; var visits = 1285634;</script>
</body></html>
"""


def old_tables(page: Page, order: list[tuple[str, int]], meta: dict) -> str:
    nav = "&nbsp;|&nbsp;".join(f'<a href="/{i}/" class="dh">{n}</a>' for i, n in enumerate(NAV))
    paragraphs = []
    for kind, i in order:
        if kind == "p":
            paragraphs.append("&nbsp;&nbsp;&nbsp;&nbsp;" + _wrapped(page.article[i]) + "<br>")
        else:
            paragraphs.append(_table(page.tables[i], 'width="100%" border="1" class="MsoNormalTable"'))
    body = "\n        ".join(paragraphs)
    related = "".join(
        f'<tr><td class="lb"><img src="/images/dot.gif"><a href="/b/{i}.htm">{_esc(t)}</a></td>'
        f'<td class="rq">[{d}]</td></tr>'
        for i, (t, d) in enumerate(RELATED)
    )
    footer = "<br>".join(FOOTER)
    return f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{_esc(page.title)}</title></head>
<body leftmargin="0" topmargin="0">
<table width="1002" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td height="120" background="/images/top.jpg">&nbsp;</td></tr>
  <tr><td height="32" class="dhbg" align="center">{nav}</td></tr>
</table>
<table width="1002" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="230" valign="top" class="zuo">
      <table width="100%"><tr><td class="lmbt">统计信息</td></tr>{related}</table>
      <table width="100%"><tr><td class="lmbt">友情链接</td></tr><tr><td><a href="http://www.stats.gov.cn">国家统计局</a><br><a href="http://tjj.henan.gov.cn">河南省统计局</a></td></tr></table>
    </td>
    <td width="10">&nbsp;</td>
    <td valign="top">
      <table width="100%"><tr><td class="wz">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/tjgb/">统计公报</a> &gt;&gt; 正文</td></tr></table>
      <table width="100%" border="0" cellpadding="0" cellspacing="0">
        <tr><td align="center" class="bt"><font size="4"><b>{_esc(page.title)}</b></font></td></tr>
        <tr><td align="center" class="sj">作者：　来源：{_esc(meta["publisher"])}　点击数：2217　更新时间：{meta["published"]}</td></tr>
        <tr><td class="zw"><div class="zw">
        {body}
        </div></td></tr>
        <tr><td align="right"><a href="javascript:window.print()">【打印此文】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr>
      </table>
    </td>
  </tr>
</table>
<table width="1002" align="center"><tr><td align="center" class="db">{footer}</td></tr></table>
</body></html>
"""


def portal(page: Page, order: list[tuple[str, int]], meta: dict) -> str:
    nav = "".join(f'<a href="/{i}/">{n}</a>' for i, n in enumerate(NAV))
    body = _body_parts(page, order, lambda p: f"<p>　　{_esc(p)}</p>")
    comments = (
        '<div class="cmt-list"><div class="cmt"><span class="u">网友8621</span><p>去年产值增长20%，今年要再接再厉！'
        "</p><span class='t'>2024-09-22 08:13</span></div></div>"
    )
    return f"""<!doctype html>
<html><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width"><title>{_esc(page.title)} - 新闻中心</title>
<style>body{{font:14px/1.8 "Microsoft YaHei"}}</style></head>
<body>
<header class="site-header"><div class="logo">新闻网</div><nav>{nav}</nav></header>
<div class="container">
 <div class="crumbs"><a href="/">新闻首页</a> / <a href="/hn/">河南</a> / 正文</div>
 <div class="row">
  <div class="col-main">
   <article>
    <h1 class="title">{_esc(page.title)}</h1>
    <div class="meta"><span>{meta["published"]} 10:32</span><span>来源：{_esc(meta["publisher"])}</span><span>阅读 5,214</span></div>
    <div class="content">
{body}
    </div>
    <p class="editor">（责任编辑：王芳）</p>
   </article>
   <div class="share-bar">{"".join(f"<a>{s}</a>" for s in SHARE)}</div>
   <section class="related-news"><h3>相关新闻</h3><ul>{_related("<li>", "</li>")}</ul></section>
   <section class="comments"><h3>网友评论（12）</h3>{comments}</section>
  </div>
  <aside class="col-side"><h3>24小时热文</h3><ol>{"".join(f"<li><a href='/h/{i}'>{t}</a><em>{900 - 97 * i}</em></li>" for i, t in enumerate(RANKING))}</ol></aside>
 </div>
</div>
<footer><p>{FOOTER[1]}</p><p>{FOOTER[2]}</p><p>违法和不良信息举报电话：0371-65795700</p></footer>
</body></html>
"""


def word_export(page: Page, order: list[tuple[str, int]], meta: dict) -> str:
    seed = sum(map(ord, page.id))
    parts = []
    for kind, i in order:
        if kind == "p":
            text = page.article[i]
            parts.append(
                f'<p class="MsoNormal" style="text-indent:32pt;line-height:28pt">{_spanned(text, seed + i)}</p>'
            )
        else:
            parts.append(
                '<div align="center">'
                + _table(page.tables[i], 'class="MsoTableGrid" border="1" style="border-collapse:collapse"')
                + "</div>"
            )
    body = "\n".join(parts)
    links = "".join(
        f'<div class="xglj_item"><a href="/c/{i}">{_esc(t)}</a> {d}</div>' for i, (t, d) in enumerate(RELATED)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{_esc(page.title)}</title><meta name="ArticleTitle" content="{_esc(page.title)}" /><meta name="PubDate" content="{meta["published"]} 09:00" /></head>
<body>
<div id="toplink"><div class="w"><a href="/">网站首页</a><a href="/jg/">机构概况</a><a href="/xxgk/">信息公开</a><a href="/bsfw/">办事服务</a></div></div>
<div id="dqwz"><div class="w">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; <a href="/xxgk/tjxx/">统计信息</a></div></div>
<div class="w">
 <div class="xl_con">
  <div class="xl_bt">{_esc(page.title)}</div>
  <div class="xl_ly"><span>发布日期：{meta["published"]}</span><span>信息来源：{_esc(meta["publisher"])}</span><span>访问次数：<b id="visits">1473</b></span></div>
  <div class="xl_nr"><div class="TRS_Editor"><div class="Custom_UnionStyle">
{body}
  </div></div></div>
  <div class="xl_fj">附件：<a href="/att/1.xls">附件1：主要指标完成情况.xls</a></div>
  <div class="xl_gn"><a href="#" onclick="window.print()">[打印]</a><a href="#" onclick="window.close()">[关闭]</a></div>
  <div class="xglj"><div class="xglj_t">相关链接</div>{links}</div>
 </div>
</div>
<div id="bottom"><div class="w">{"<br />".join(FOOTER)}<br />技术支持：某某信息技术有限公司 联系电话：0379-65551234</div></div>
</body></html>
"""


LAYOUTS = {"modern": modern, "old_tables": old_tables, "portal": portal, "word_export": word_export}


def boilerplate_strings(layout: str) -> list[str]:
    """The boilerplate texts a layout puts around the article (for measuring leaks)."""
    common = [t for t, _ in RELATED] + [d for _, d in RELATED] + FOOTER + NAV
    extra = {"modern": RANKING + SHARE, "portal": RANKING + SHARE, "old_tables": [], "word_export": []}[layout]
    return common + extra


def make_page(entry_id: str, index: int, text: str, meta: dict) -> tuple[Page, str]:
    paragraphs, tables, order = split_text(text)
    layout = list(LAYOUTS)[index % len(LAYOUTS)]
    page = Page(entry_id, layout, meta["title"], paragraphs, tables, boilerplate_strings(layout))
    return page, LAYOUTS[layout](page, order, meta)


def write_pages(corpus: Path, out: Path) -> list[Page]:
    import csv

    out.mkdir(parents=True, exist_ok=True)
    with (corpus / "manifest.csv").open(encoding="utf-8", newline="") as f:
        entries = list(csv.DictReader(f))
    pages = []
    for index, entry in enumerate(entries):
        path = corpus / "texts" / f"{entry['id']}.txt"
        if not path.is_file():
            continue
        page, markup = make_page(entry["id"], index, path.read_text(encoding="utf-8"), entry)
        (out / f"{page.id}.html").write_text(markup, encoding="utf-8")
        (out / f"{page.id}.json").write_text(json.dumps(asdict(page), ensure_ascii=False, indent=1), encoding="utf-8")
        pages.append(page)
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    pages = write_pages(args.corpus, args.out)
    layouts = {name: sum(p.layout == name for p in pages) for name in LAYOUTS}
    print(f"{len(pages)} pages in {args.out} ({', '.join(f'{n} {k}' for k, n in layouts.items())})")
    return 0 if pages else 1


if __name__ == "__main__":
    raise SystemExit(main())
