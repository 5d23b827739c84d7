"""Dimensions after a real dbt build of the fixture: periods of every grain, region and chain hierarchies,
source vintages."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.mark.parametrize(
    ("start", "end", "key", "grain", "label_zh", "label_en", "plan_zh"),
    [
        (date(2020, 1, 1), date(2020, 12, 31), "2020", "year", "2020年", "2020", "十三五"),
        (date(2024, 1, 1), date(2024, 6, 30), "2024H1", "half", "2024年上半年", "H1 2024", "十四五"),
        (date(2025, 7, 1), date(2025, 9, 30), "2025Q3", "quarter", "2025年第三季度", "Q3 2025", "十四五"),
        (date(2025, 8, 1), date(2025, 8, 31), "2025-08", "month", "2025年8月", "Aug 2025", "十四五"),
        (
            date(2020, 1, 1),
            date(2020, 8, 31),
            "2020-01..2020-08",
            "ytd",
            "2020年1—8月",
            "Jan–Aug 2020 (year to date)",
            "十三五",
        ),
        (date(2025, 1, 1), date(2025, 3, 31), "2025Q1", "quarter", "2025年第一季度", "Q1 2025", "十四五"),  # 1—3月
        (
            date(2021, 1, 1),
            date(2025, 12, 31),
            "2021-2025",
            "five_year_plan",
            "“十四五”时期（2021—2025年）",
            "14th Five-Year Plan (2021–2025)",
            "十四五",
        ),
        (
            date(2011, 1, 1),
            date(2015, 12, 31),
            "2011-2015",
            "five_year_plan",
            "“十二五”时期（2011—2015年）",
            "12th Five-Year Plan (2011–2015)",
            "十二五",
        ),
        (
            date(2026, 1, 1),
            date(2030, 12, 31),
            "2026-2030",
            "five_year_plan",
            "“十五五”时期（2026—2030年）",
            "15th Five-Year Plan (2026–2030)",
            "十五五",
        ),
        (date(2020, 1, 1), date(2024, 12, 31), "2020-2024", "multi_year", "2020—2024年", "2020–2024", None),
        (date(2035, 1, 1), date(2035, 12, 31), "2035", "year", "2035年", "2035", "十六五"),
    ],
)
def test_period_key_and_labels(warehouse, start, end, key, grain, label_zh, label_en, plan_zh):
    row = warehouse.sql(
        "select period_key, grain, label_zh, label_en, five_year_plan_zh from dim_time "
        "where period_start = ? and period_end = ?",
        params=[start, end],
    ).fetchone()
    assert row == (key, grain, label_zh, label_en, plan_zh)


def test_observed_spans_outside_the_spine_get_a_period_row(warehouse):
    # the energy-intensity target is for 十四五 as a whole; every fact period resolves
    orphans = warehouse.sql(
        "select period_key from fct_observation where period_key not in (select period_key from dim_time)"
    ).fetchall()
    assert orphans == []


@pytest.mark.parametrize(
    ("key", "name_zh", "parent_name_zh", "path_zh", "prefecture_code"),
    [
        ("410307", "偃师区", "洛阳市", "全球 > 全国 > 河南省 > 洛阳市 > 偃师区", "410300"),
        ("410308", "孟津区", "洛阳市", "全球 > 全国 > 河南省 > 洛阳市 > 孟津区", "410300"),
        ("410300", "洛阳市", "河南省", "全球 > 全国 > 河南省 > 洛阳市", "410300"),
        ("410300-YIBIN", "伊滨区", "洛阳市", "全球 > 全国 > 河南省 > 洛阳市 > 伊滨区", "410300"),
    ],
)
def test_region_hierarchy(warehouse, key, name_zh, parent_name_zh, path_zh, prefecture_code):
    row = warehouse.sql(
        "select name_zh, parent_name_zh, path_zh, prefecture_code from dim_region where region_key = ?",
        params=[key],
    ).fetchone()
    assert row == (name_zh, parent_name_zh, path_zh, prefecture_code)


def test_every_province_prefecture_and_county_is_a_region(warehouse):
    rows = dict(
        warehouse.sql(
            "select region_level, count(*) from dim_region where is_current and region_code ~ '^[0-9]{6}$' "
            "and region_level in ('province', 'prefecture', 'district', 'county', 'other_city') group by all"
        ).fetchall()
    )
    # GB/T 2260 at the end of 2024 (the package's latest list)
    assert (rows["province"], rows["prefecture"], rows["district"] + rows["county"] + rows["other_city"]) == (
        34,
        333,
        2846,
    )
    row = warehouse.sql("select path_zh, prefecture_code from dim_region where region_key = '411702'").fetchone()
    assert row == ("全球 > 全国 > 河南省 > 驻马店市 > 驿城区", "411700")


@pytest.mark.parametrize(
    ("key", "name_zh", "valid_from", "valid_to", "successor_code", "is_current"),
    [
        ("410322", "孟津县", None, date(2021, 1, 1), "410308", False),
        ("410381", "偃师市", None, date(2021, 1, 1), "410307", False),
        ("410308", "孟津区", date(2021, 1, 1), None, None, True),
        ("410307", "偃师区", date(2021, 1, 1), None, None, True),
    ],
)
def test_the_2021_renames_have_validity_dates_and_successors(
    warehouse, key, name_zh, valid_from, valid_to, successor_code, is_current
):
    row = warehouse.sql(
        "select name_zh, valid_from, valid_to, successor_code, is_current from dim_region where region_key = ?",
        params=[key],
    ).fetchone()
    assert row == (name_zh, valid_from, valid_to, successor_code, is_current)


@pytest.mark.parametrize(
    ("name", "code"),
    [("洛阳", "410300"), ("河南", "410000"), ("孟津县", "410308"), ("偃师市", "410307"), ("开封市", "410200"),
     ("鼓楼区", None), ("通州", None)],
)  # fmt: skip
def test_region_names_resolve_only_names_that_one_place_owns(warehouse, name, code):
    # a name several places share (鼓楼区 in four cities) is no key: a fact naming it stays name:鼓楼区
    row = warehouse.sql("select code from staging.stg_catalog__region_names where name_key = ?", params=[name])
    assert (row.fetchone() or (None,))[0] == code


def test_chain_hierarchy_runs_from_cluster_to_chain(warehouse):
    row = warehouse.sql("select path_zh, top_code from dim_chain where chain_key = 'chain_bearings'").fetchone()
    assert row == ("先进装备产业集群 > 先进装备制造产业 > 轴承", "cluster_advanced_equipment")


def test_enterprise_dimension_resolves_its_chain_and_seat(warehouse):
    row = warehouse.sql(
        "select name_zh, chain_name_zh, region_name_zh from dim_enterprise where enterprise_key = 'cmoc'"
    ).fetchone()
    assert row == ("洛阳栾川钼业集团股份有限公司", "钨钼", "栾川县")


def test_uncatalogued_subjects_become_indicator_rows(warehouse):
    row = warehouse.sql(
        "select name_zh, is_catalogued from dim_indicator where indicator_key = 'subject:全球企业排名'"
    ).fetchone()
    assert row == ("全球企业排名", False)


def test_source_vintages_have_real_time_periods(warehouse):
    rows = warehouse.sql(
        """
        select vintage_number, vintage_count, valid_from, valid_to, is_latest_vintage
        from dim_source where release_key = 'luoyang-bulletin-2024' order by vintage_number
        """
    ).fetchall()
    assert rows == [
        (1, 2, date(2025, 3, 20), date(2025, 6, 30), False),
        (2, 2, date(2025, 6, 30), None, True),
    ]


def test_a_sidecar_date_overrides_the_crawler_header(warehouse):
    # seed 004's text header says 2024-11-22; the sidecar's 2025-09-30 is the publication date
    row = warehouse.sql("select published_on from dim_source where file_path like '004_%'").fetchone()
    assert row == (date(2025, 9, 30),)
