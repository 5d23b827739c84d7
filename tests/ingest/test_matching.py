"""The matching view: simplified, width-folded, and always the same length as the original."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mfgstats.ingest.matching import fold_width, matching_view, to_simplified


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("１２３", "123"),
        ("增长１２．５％", "增长12.5%"),
        ("营业收入１，２３４亿元", "营业收入1,234亿元"),  # thousands group
        ("分别为１２，１３家", "分别为12，13家"),  # an enumeration keeps its Chinese comma
        ("（一）规上工业：１０～２０％；", "（一）规上工业：10~20%；"),  # Chinese punctuation stays
        ("ＧＤＰ　增长", "GDP 增长"),
        ("－３．２％", "-3.2%"),
        ("＞１０００家", ">1000家"),
        ("plain 2020 text", "plain 2020 text"),
    ],
)
def test_fold_width(original, expected):
    assert fold_width(original) == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("規模以上工業企業數量達到1783家", "规模以上工业企业数量达到1783家"),  # OpenCC standard / Hong Kong
        ("營業收入為5200億元，顯著增長", "营业收入为5200亿元，显著增长"),  # Taiwan: 為, and 顯著 stays 显著
        ("產業鏈發展著力推進", "产业链发展着力推进"),  # Taiwan writes 着 as 著 in a traditional document
        ("衞生", "卫生"),  # Hong Kong variant
        ("规上工业显著增长，著名企业", "规上工业显著增长，著名企业"),  # simplified text is left alone
        ("乾燥的數據", "干燥的数据"),
    ],
)
def test_to_simplified(original, expected):
    assert to_simplified(original) == expected


@pytest.mark.parametrize("text", ["ab\x00cd 數據", "x\ud800y 數據", "數據\n\x00\n產業"])
def test_text_the_converter_cannot_take_keeps_its_length(text):
    out = to_simplified(text)
    assert len(out) == len(text)
    assert "数据" in out


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("數據產業規模１２３，％．　乾著")))
def test_matching_view_keeps_every_offset(text):
    view = matching_view(text)
    assert len(view) == len(text)
    # Characters outside what we convert stay where they were.
    for a, b in zip(text, view, strict=True):
        if a.isascii():
            assert a == b


def test_the_opencc_dictionaries_we_use_map_one_character_to_one(tmp_path):
    """The fast path of to_simplified accepts a whole-text conversion of equal length; that is only safe while
    no dictionary entry changes length (else a lengthening and a shortening could cancel out)."""
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    dicts = set()
    for config in ("hk2s", "tw2s"):
        spec = json.loads((share / f"{config}.json").read_text(encoding="utf-8"))
        stack = [spec]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if node.get("type") == "ocd2":
                    dicts.add(node["file"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    assert {"TSCharacters.ocd2", "TSPhrases.ocd2", "TWVariantsRev.ocd2", "HKVariantsRev.ocd2"} <= dicts
    for name in sorted(dicts):
        out = tmp_path / f"{name}.txt"
        dump = [tool, "-i", share / name, "-o", out, "-f", "ocd2", "-t", "text"]
        subprocess.run(dump, check=True, capture_output=True)
        for line in out.read_text(encoding="utf-8").splitlines():
            key, values = line.split("\t")
            assert all(len(v) == len(key) for v in values.split(" ")), (name, line)
