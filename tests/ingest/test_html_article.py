"""A page's article as readability-lxml chooses it, read in full: no layout-table sidebar, breadcrumb, visit
counter or footer without a telling class name; the article's own small table and headings kept."""

from __future__ import annotations

import pytest

from mfgstats.ingest.html import html_text

PARAGRAPHS = [
    "今年以来，全市工业经济运行总体平稳，主要指标好于预期，规模以上工业增加值同比增长6.8%，高于全省1.3个百分点。",
    "分行业看，装备制造业增加值增长12.5%，新材料产业增加值增长9.6%，电子信息产业增加值增长15.2%，三者合计拉动全市"
    "规上工业增长4.1个百分点，对全市工业增长的贡献率达到百分之六十以上。",
    "从企业看，全市规上工业企业达到2015家，比上年末增加126家；其中营业收入超百亿元的企业12家，超十亿元的企业87家。",
    "下一步，全市将继续抓好重点项目建设和企业服务，推动工业经济持续向好，确保完成全年各项目标任务。",
]
SIDEBAR = ["上半年全市规上工业增加值增长7.3%", "一季度工业投资增长15.6%", "2024-07-20"]
FOOTER = ["您是第1285634位访客", "豫ICP备05012345号-1", "电话：0379-63921234", "今天是：2024年9月21日"]


def _old_site() -> str:
    """Laid out with tables and <br>, its parts named in pinyin (zuo, wz, db), as many county sites are."""
    related = "".join(f"<tr><td><a href='/a/{i}.htm'>{t}</a></td></tr>" for i, t in enumerate(SIDEBAR[:2]))
    body = "<br>".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{p}" for p in PARAGRAPHS)
    return f"""<html><body>
<table width="1002"><tr><td>{FOOTER[3]}</td></tr></table>
<table width="1002"><tr>
 <td width="230" class="zuo"><table>{related}<tr><td>[{SIDEBAR[2]}]</td></tr></table></td>
 <td><table width="100%"><tr><td class="wz">您现在的位置：<a href="/">首页</a> &gt;&gt; 正文</td></tr>
  <tr><td class="zw"><div class="zw">{body}
   <p><b>一、主要指标</b></p>
   <table border="1"><tr><th>指标</th><th>增长(%)</th></tr><tr><td>规上工业增加值</td><td>6.8</td></tr></table>
  </div></td></tr></table></td>
</tr></table>
<table width="1002"><tr><td class="db">{"<br>".join(FOOTER[:3])}</td></tr></table>
</body></html>"""


def test_an_old_table_layout_keeps_the_article_only():
    text = html_text(_old_site())
    assert text == "\n\n".join([*PARAGRAPHS, "一、主要指标", "指标\t增长(%)\n规上工业增加值\t6.8"]) + "\n"


@pytest.mark.parametrize("leak", SIDEBAR + FOOTER)
def test_no_boilerplate_leaks(leak):
    assert leak not in html_text(_old_site())


def test_a_short_page_is_read_whole_when_readability_cannot_choose():
    """Under readability's retry length of 250 characters it cannot tell an article from the page: the body is
    read with the boilerplate tags dropped, as before."""
    page = "<html><body><nav><a href='/'>首页</a></nav><div><p>全市规上工业企业2015家。</p></div></body></html>"
    assert html_text(page) == "全市规上工业企业2015家。\n"
