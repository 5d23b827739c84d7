"""HTML, PDF, Markdown, CSV and XLSX releases each load into a Document with the right text and media type."""

from __future__ import annotations

import pytest
from ingest_files import write_doc
from pdfs import ascii_pdf, cjk_pdf

from mfgstats.ingest import is_table, load_document
from mfgstats.ingest.html import html_text

GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>洛阳市2024年国民经济和社会发展统计公报</title>
<script>var tracker = "规上工业企业9999家";</script><style>.x{color:red}</style></head>
<body>
<div class="top-nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/tjsj">统计数据</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/tjgb">统计公报</a></div>
<div id="main">
 <div class="article">
  <h1>洛阳市2024年国民经济和社会发展统计公报</h1>
  <p>&nbsp;&nbsp;全年规模以上工业增加值比上年增长
  9.1%。</p>
  <p>　　年末全市规上工业企业<b>2015</b>家，其中制造业企业1850家。</p>
  <table border="1"><tr><th>指标</th><th>单位</th><th>数值</th></tr>
   <tr><td>规上工业营业收入</td><td>亿元</td><td>5230.6</td></tr></table>
 </div>
 <ul class="related"><li><a href="/a">洛阳市2023年统计公报</a></li><li><a href="/b">洛阳市2022年统计公报</a></li></ul>
</div>
<div class="footer">版权所有：洛阳市统计局 豫ICP备00000000号</div>
</body></html>"""


def test_a_government_html_page_keeps_only_its_article(raw_dir):
    doc = load_document(write_doc(raw_dir, "tjgb.html", GOV_PAGE.encode("gbk")), raw_dir)
    assert doc.media_type == "text/html"
    assert doc.encoding == "gb18030"  # the declared gb2312, read as its superset
    assert doc.text == (
        "洛阳市2024年国民经济和社会发展统计公报\n\n"
        "全年规模以上工业增加值比上年增长 9.1%。\n\n"
        "年末全市规上工业企业2015家，其中制造业企业1850家。\n\n"
        "指标\t单位\t数值\n规上工业营业收入\t亿元\t5230.6\n"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # A source line break between Chinese characters is not a space.
        ("<p>规上工业\n  企业1783家</p>", "规上工业企业1783家\n"),
        # <article> wins over the rest of the page when it holds the text.
        ("<div>侧栏文字</div><article><p>正文一段很长的文字，规上工业企业1783家。</p></article>", None),
        # A layout table is read as paragraphs, not as one row.
        ("<table><tr><td><p>第一段。</p><p>第二段。</p></td></tr></table>", "第一段。\n\n第二段。\n"),
        # A data table whose cells wrap their text in one <p> each (a yearbook page) is still rows of cells.
        (
            "<table><tr><th><p>指标</p></th><th><p>2024年</p></th></tr>"
            "<tr><td><p>规上工业企业</p></td><td><p>1432</p></td></tr></table>",
            "指标\t2024年\n规上工业企业\t1432\n",
        ),
        # Spans keep every cell in its column: an empty cell under a rowspan, a heading repeated over the columns
        # it spans, a caption across the whole table written once.
        (
            "<table><tr><td colspan='3'>单位:亿元</td></tr>"
            "<tr><th rowspan='2'>分组</th><th colspan='2'>工业</th></tr><tr><th>总产值</th><th>增加值</th></tr>"
            "<tr><td>总计</td><td>2310.5</td><td>640.2</td></tr></table>",
            "单位:亿元\t\t\n分组\t工业\t工业\n\t总产值\t增加值\n总计\t2310.5\t640.2\n",
        ),
        # a span beyond reason is capped, not a row of 100,000 cells
        ("<table><tr><td colspan='100000'>甲</td></tr></table>", "甲" + "\t" * 99 + "\n"),
        # …but an article laid out in a cell's one <div>, with line breaks, is read as paragraphs
        ("<table><tr><td><div>第一行。<br>第二行。</div></td></tr></table>", "第一行。\n\n第二行。\n"),
        ("<?xml version='1.0' encoding='utf-8'?><html><body><p>增长5%</p></body></html>", "增长5%\n"),
        ("<p>第一行<br>第二行</p>", "第一行\n\n第二行\n"),
    ],
)
def test_html_text(html, expected):
    text = html_text(html)
    if expected is None:
        assert text == "正文一段很长的文字，规上工业企业1783家。\n"
    else:
        assert text == expected


def test_a_page_of_nothing_but_navigation_is_empty(raw_dir):
    page = "<html><body><nav><a href='/'>首页</a></nav><script>x=1</script></body></html>"
    from mfgstats.ingest import QuarantineError

    with pytest.raises(QuarantineError) as err:
        load_document(write_doc(raw_dir, "nav.htm", page), raw_dir)
    assert err.value.reason_code == "empty"


def test_a_chinese_pdf_keeps_its_pages(raw_dir):
    data = cjk_pdf([["洛阳市2024年统计公报", "规上工业企业2015家，增长9.1%。"], ["营业收入5230.6亿元"]])
    doc = load_document(write_doc(raw_dir, "tjgb.pdf", data), raw_dir)
    assert doc.media_type == "application/pdf"
    assert doc.text == "洛阳市2024年统计公报\n规上工业企业2015家，增长9.1%。\n\f\n营业收入5230.6亿元\n"
    start = doc.text.index("2015")
    assert doc.text[start : start + 5] == "2015家"


def test_an_fpdf2_pdf_loads(raw_dir):
    # fpdf2 needs a font file for Chinese and the machine has none, so this one carries Latin text and digits.
    doc = load_document(write_doc(raw_dir, "en.pdf", ascii_pdf(["Luoyang 2024", "Enterprises: 2015 (+9.1%)"])), raw_dir)
    assert doc.text == "Luoyang 2024\nEnterprises: 2015 (+9.1%)\n"


def test_markdown_is_text(raw_dir):
    doc = load_document(write_doc(raw_dir, "note.md", "# 简报\n\n规上工业企业1783家。\n"), raw_dir)
    assert doc.media_type == "text/markdown" and doc.text.startswith("# 简报")
    assert not is_table(doc.media_type)


def test_a_table_document_is_marked_as_a_table(raw_dir):
    doc = load_document(
        write_doc(raw_dir, "t.csv", "indicator,period,value,unit\n规上工业企业,2020,1783,家\n".encode("gbk")), raw_dir
    )
    assert doc.media_type == "text/csv" and is_table(doc.media_type)
    assert doc.encoding == "gb18030"
    assert doc.text == "indicator,period,value,unit\n规上工业企业,2020,1783,家\n"


def test_the_sidecar_date_is_what_counts_and_ingested_at_is_stable(raw_dir):
    path = write_doc(raw_dir, "a.txt", " date 2024-11-22 规上工业企业1783家", published="2025-09-30")
    first, second = load_document(path, raw_dir), load_document(path, raw_dir)
    assert str(first.published) == "2025-09-30"
    assert first.ingested_at == second.ingested_at  # from the file, not from the clock
    assert first.release_key == "a" and first.document_id == second.document_id
