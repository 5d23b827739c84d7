"""Observations after a real dbt build of the fixture: series identity, routing, normalisation, evidence."""

from __future__ import annotations

import pytest
from dbt_fixture_facts import FACTS

ENTERPRISE_COUNT_SERIES = "above_scale_industrial_enterprises_count | level | - | count | - | -"


def test_every_fixture_fact_is_one_observation(warehouse):
    assert warehouse.sql("select count(*) from fct_observation").fetchone()[0] == len(FACTS)


def test_the_industrial_enterprise_count_from_both_sources_is_one_series(warehouse):
    rows = warehouse.sql(
        """
        select o.value, o.subject, s.publisher, s.doc_type
        from fct_enterprise_observation o join dim_source s using (document_id)
        where o.series_key = ? and o.period_key = '2020' and o.region_key = '410300'
        order by o.value, o.char_start
        """,
        params=[ENTERPRISE_COUNT_SERIES],
    ).fetchall()
    assert rows == [
        (1783.0, "规上工业企业数量", "洛阳市人民政府", "plan"),
        (1796.0, "规模以上工业企业", "人民日报", "article"),
        (1796.0, "规模以上工业企业", "人民日报", "article"),  # 核心阅读 repeats the body text
    ]


@pytest.mark.parametrize(
    ("subject", "fact_table", "indicator_key", "chain_key", "enterprise_key"),
    [
        ("规上工业企业数量", "enterprise", "above_scale_industrial_enterprises_count", None, None),
        ("超百亿企业数量", "enterprise", "hundred_billion_enterprises_count", None, None),
        ("上市公司数量", "enterprise", "listed_companies_count", None, None),
        ("全球企业排名", "enterprise", "subject:全球企业排名", None, "cmoc"),  # 洛阳钼业 is an alias
        ("先进装备制造产业营业收入", "chain", "operating_revenue", "industry_advanced_equipment_manufacturing", None),
        ("营业收入", "chain", "operating_revenue", "field_four_new_one_equipment", None),  # 四新一装备
        ("制造业增加值", "indicator", "manufacturing_value_added", None, None),
        ("规上制造业利润率", "indicator", "manufacturing_profit_margin", None, None),  # alias of the plan's name
        ("规上工业营业收入利润率", "indicator", "industrial_profit_margin", None, None),
        ("制造业对规上工业增长贡献率", "indicator", "subject:制造业对规上工业增长贡献率", None, None),
    ],
)
def test_routing_and_catalog_resolution(warehouse, subject, fact_table, indicator_key, chain_key, enterprise_key):
    rows = warehouse.sql(
        "select distinct fact_table, indicator_key, chain_key, enterprise_key from fct_observation where subject = ?",
        params=[subject],
    ).fetchall()
    assert rows == [(fact_table, indicator_key, chain_key, enterprise_key)]


@pytest.mark.parametrize(
    ("evidence", "value_normalised", "unit_normalised", "lower_bound", "upper_bound", "rounding_tolerance"),
    [
        ("1783 家", 1783, "家", 1783, 1783, 0.5),
        ("1630.2", 1630.2e8, "元", 1630.2e8, 1630.2e8, 0.05e8),
        ("1.1 万亿", 1.1e12, "元", 1.1e12, None, 0.05e12),  # 突破: open above
        ("4.05", 4.05, "%", 4.05, 4.05, 0.005),
        ("1000", 1000, "名次", None, 1000, 0.5),  # 1000强: at most 1000th
    ],
)
def test_values_in_base_units_with_bounds(
    warehouse, evidence, value_normalised, unit_normalised, lower_bound, upper_bound, rounding_tolerance
):
    row = warehouse.sql(
        "select value_normalised, unit_normalised, lower_bound, upper_bound, rounding_tolerance "
        "from fct_observation where evidence_text = ?",
        params=[evidence],
    ).fetchone()
    assert row[0] == pytest.approx(value_normalised)
    assert row[1] == unit_normalised
    assert (row[2] is None) == (lower_bound is None) and (row[2] is None or row[2] == pytest.approx(lower_bound))
    assert (row[3] is None) == (upper_bound is None) and (row[3] is None or row[3] == pytest.approx(upper_bound))
    assert row[4] == pytest.approx(rounding_tolerance)


@pytest.mark.parametrize(
    ("subject", "value", "value_signed"),
    [
        ("万元规上工业增加值能耗", 6.0, -6.0),  # 年均下降 6%
        ("单位工业增加值能耗", 40.5, -40.5),  # 累计下降 40.5%
        ("规上软件和信息服务业营业收入增速", -6.7, -6.7),  # a table's -6.7 with direction down: one minus sign
    ],
)
def test_a_decline_is_negative_on_the_signed_scale(warehouse, subject, value, value_signed):
    row = warehouse.sql(
        "select value, value_signed, direction from fct_observation where subject = ?", params=[subject]
    ).fetchone()
    assert row == (value, value_signed, "down")


def test_counts_in_different_classifiers_are_one_series(warehouse):
    # 创新平台 4000 个 (the plan's target) and 3949 家 (2025) are one series of counts: the unit is not in the key
    keys = warehouse.sql(
        "select distinct series_key from fct_observation where indicator_key = 'innovation_platforms_count'"
    ).fetchall()
    assert keys == [("innovation_platforms_count | level | - | count | - | -",)]


@pytest.mark.parametrize(
    ("evidence", "status", "wording_sense", "wording_cue", "is_per_year", "scope"),
    [
        ("15 家", "target", "increase", "培育", False, "region"),  # 培育 15 家省级以上绿色工厂
        ("倍增", "target", "multiple", "倍增", False, "region"),
        ("35%", "target", "at_most", "降至", False, "region"),  # 比重降至 35%
        ("4000 个", "target", "at_least", "达到", False, "region"),
        ("500个以上", "target", "at_least", "以上", True, "region"),  # 每年 … 500个以上
        ("突破 1000 亿元", "target", "at_least", "突破", False, "region"),
        ("超千亿元", "target", "at_least", "超", False, "project"),  # 四期全部建成后，年产值将超千亿元
        ("1783 家", "actual", "at_least", "达到", False, "region"),
    ],
)
def test_the_wording_types_a_statement(warehouse, evidence, status, wording_sense, wording_cue, is_per_year, scope):
    rows = warehouse.sql(
        "select status, wording_sense, wording_cue, is_per_year, scope from fct_observation where evidence_text = ?",
        params=[evidence],
    ).fetchall()
    assert rows == [(status, wording_sense, wording_cue, is_per_year, scope)]


def test_evidence_offsets_point_into_the_document_text(warehouse):
    mismatches = warehouse.sql(
        """
        select o.observation_id
        from fct_observation o join raw.documents d using (document_id)
        where substring(d.text, o.char_start + 1, o.char_end - o.char_start) <> o.evidence_text
        """
    ).fetchall()
    assert mismatches == []


def test_the_three_fact_tables_partition_the_observations(warehouse):
    counts = warehouse.sql(
        """
        select (select count(*) from fct_indicator_observation), (select count(*) from fct_chain_observation),
               (select count(*) from fct_enterprise_observation), (select count(*) from fct_observation)
        """
    ).fetchone()
    assert counts[0] > 0 and counts[1] > 0 and counts[2] > 0
    assert counts[0] + counts[1] + counts[2] == counts[3]
