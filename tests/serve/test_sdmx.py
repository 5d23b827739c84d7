"""SDMX vocabulary (periods, identifiers, codes) and the SDMX-CSV 2.0 file written from a real warehouse."""

from __future__ import annotations

import csv
import hashlib
from datetime import date

import duckdb
import pytest

from mfgstats.serve import sdmx
from mfgstats.serve.sdmx_codes import measure_code, obs_status, sdmx_id, time_period, unit_code


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2020-01-01", "2020-12-31", "2020"),
        ("2020-01-01", "2020-06-30", "2020-S1"),
        ("2020-07-01", "2020-12-31", "2020-S2"),
        ("2020-04-01", "2020-06-30", "2020-Q2"),
        ("2020-10-01", "2020-12-31", "2020-Q4"),
        ("2024-02-01", "2024-02-29", "2024-02"),  # leap year month end
        ("2023-02-01", "2023-02-28", "2023-02"),
        ("2025-03-15", "2025-03-15", "2025-03-15"),
        ("2016-01-01", "2020-12-31", "2016-01-01/P5Y"),  # 十三五
        ("2021-01-01", "2022-12-31", "2021-01-01/P2Y"),
        ("2025-01-01", "2025-08-31", "2025-01-01/P8M"),  # 1—8月 (year to date)
        ("2020-02-01", "2020-04-30", "2020-02-01/P3M"),  # three months, not a calendar quarter
        ("2020-03-01", "2020-08-31", "2020-03-01/P6M"),  # six months, not a half
        ("2024-11-01", "2025-01-31", "2024-11-01/P3M"),
        ("2020-01-10", "2020-01-20", "2020-01-10/P11D"),
        ("2020-01-01", "2020-12-30", "2020-01-01/P365D"),
        (None, None, None),
        ("2020-01-01", None, None),
        ("2021-01-01", "2020-12-31", None),  # end before start
    ],
)
def test_time_period(start, end, expected):
    parse = lambda s: date.fromisoformat(s) if s else None  # noqa: E731
    assert time_period(parse(start), parse(end)) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("410300", "410300"),
        ("IND_ENT_COUNT", "IND_ENT_COUNT"),
        (None, "_Z"),
        ("", "_Z"),
        (
            "subject:工业增加值",
            "X_GONG_YE_ZENG_JIA_ZHI_" + hashlib.sha1("subject:工业增加值".encode()).hexdigest()[:4].upper(),
        ),
        ("subject:规上工业营业收入", "X_GUI_SHANG_GONG_YE_YING_YE_SHOU_RU_6458"),  # readable: the subject in pinyin
        ("subject:5G基站", "X_5G_JI_ZHAN_8697"),  # ASCII kept as written
    ],
)
def test_sdmx_id(key, expected):
    assert sdmx_id(key) == expected


def test_generated_ids_are_stable_and_distinct():
    assert sdmx_id("name:洛阳市") == sdmx_id("name:洛阳市") != sdmx_id("name:郑州市")
    # texts that read alike (homophones, punctuation) keep distinct codes
    assert sdmx_id("subject:工业") != sdmx_id("subject:公益") and sdmx_id("subject:a-b") != sdmx_id("subject:a b")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("level", None), "LEVEL"),
        (("growth", "yoy"), "GROWTH_YOY"),
        (("growth", "cagr"), "GROWTH_CAGR"),
        (("growth", None), "GROWTH"),
        (("change", "vs_base"), "CHANGE_VS_BASE"),
        (("share", "yoy"), "SHARE"),  # a basis only qualifies growth and change
    ],
)
def test_measure_code(args, expected):
    assert measure_code(*args) == expected


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("元", "CNY"), ("%", "PT"), ("百分点", "PP"), ("家", "ENTERPRISES"), (None, "_Z"), ("标箱", sdmx_id("标箱", "U"))],
)
def test_unit_code(unit, expected):
    assert unit_code(unit) == expected
    assert expected == "_Z" or expected.startswith("U_") or expected.isupper()


@pytest.mark.parametrize(
    ("status", "comparator", "expected"),
    [("actual", "=", "A"), ("actual", "~", "E"), ("target", "=", "F"), ("target", "~", "F"), ("actual", ">", "A")],
)
def test_obs_status(status, comparator, expected):
    assert obs_status(status, comparator) == expected


def _read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_sdmx_csv_file(warehouse, tmp_path):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result = sdmx.export_sdmx(con, tmp_path / "out")
    raw = result.data.read_bytes()
    assert raw.startswith(b"STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,MEASURE,CHAIN,ENTERPRISE,TIME_PERIOD,")
    assert b"\r\n" in raw  # RFC 4180 line ends
    rows = _read(result.data)
    assert {(r["STRUCTURE"], r["STRUCTURE_ID"], r["ACTION"]) for r in rows} == {
        ("dataflow", "MFGSTATS:DF_MFG_OBS(1.0)", "I")
    }
    got = {(r["INDICATOR"], r["MEASURE"], r["TIME_PERIOD"]): r for r in rows}
    x_value_added = sdmx_id("subject:工业增加值")
    x_revenue = sdmx_id("subject:营业收入")
    assert set(got) == {
        ("IND_ENT_COUNT", "LEVEL", "2025"),
        ("IND_ENT_COUNT", "LEVEL", "2020"),
        (x_value_added, "GROWTH_CAGR", "2021-01-01/P5Y"),
        (x_revenue, "GROWTH_YOY", "2025-01-01/P8M"),
    }
    target = got[("IND_ENT_COUNT", "LEVEL", "2025")]
    assert (target["OBS_VALUE"], target["OBS_STATUS"], target["COMPARATOR"], target["UNIT_MEASURE"]) == (
        "2000",
        "F",
        ">=",
        "ENTERPRISES",
    )
    # o2 (1783, 2022) and o4 (1790, 2023) share a key: the later publication is kept
    kept = got[("IND_ENT_COUNT", "LEVEL", "2020")]
    assert (kept["OBS_VALUE"], kept["PUBLISHED"], kept["OBS_STATUS"]) == ("1790", "2023-01-10", "A")
    decline = got[(x_revenue, "GROWTH_YOY", "2025-01-01/P8M")]
    assert (decline["OBS_VALUE"], decline["OBS_STATUS"], decline["UNIT_MEASURE"]) == ("-4.5", "E", "PT")
    assert {r["REF_AREA"] for r in rows} == {"410300"}
    assert {(r["CHAIN"], r["ENTERPRISE"]) for r in rows} == {("_Z", "_Z")}
    assert (result.observations, result.without_period, result.superseded) == (4, 1, 1)


def test_codelists_label_every_code_used(warehouse, tmp_path):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result = sdmx.export_sdmx(con, tmp_path / "out")
    labels = {(r["CODELIST"], r["CODE"]): (r["NAME_ZH"], r["NAME_EN"]) for r in _read(result.codelists)}
    for row in _read(result.data):
        for dim in ("REF_AREA", "INDICATOR", "MEASURE", "CHAIN", "ENTERPRISE", "UNIT_MEASURE", "OBS_STATUS"):
            assert (dim, row[dim]) in labels, (dim, row[dim])
    assert labels[("INDICATOR", sdmx_id("subject:工业增加值"))] == ("工业增加值", "")
    assert labels[("REF_AREA", "410300")] == ("洛阳市", "Luoyang")  # from dim_region
    assert labels[("OBS_STATUS", "F")][0] == "目标值"
    assert labels[("MEASURE", "GROWTH_CAGR")] == ("年均增长", "Average annual growth rate")
    assert labels[("CHAIN", "_Z")] == ("不适用", "Not applicable")


def test_sdmx_needs_fct_observation(tmp_path):
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE fct_observation AS SELECT 'o1' AS observation_id")
    with duckdb.connect(str(db), read_only=True) as con, pytest.raises(sdmx.ServeError, match="lacks region_key"):
        sdmx.export_sdmx(con, tmp_path / "out")
