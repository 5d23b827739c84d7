"""The analyst marts after a real dbt build of the fixture: plan progress, conflicts, latest values, and the
"as known on date D" macro — the rows issue 5 names under "Done when"."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest


def plan_rows(warehouse, where: str, params=()):
    return warehouse.sql(
        f"""
        select target_stated, origin, target_period_key, is_stated_more_than_once, has_conflicting_statements,
               other_statements, baseline_value, baseline_period_key, latest_stated, latest_period_key,
               progress_ratio, elapsed_ratio, on_track, progress_verdict
        from mart_plan_progress where {where} order by origin
        """,
        params=list(params),
    ).fetchall()


def test_the_advanced_equipment_target_shows_progress_from_the_latest_vintage(warehouse):
    [row] = plan_rows(warehouse, "chain_name = '先进装备制造' and target_period_key = '2025'")
    stated, _, _, twice, conflicting, _, baseline, _, latest, latest_period, progress, elapsed, on_track, verdict = row
    assert (stated, twice, conflicting) == ("5000 亿元", False, False)
    # the revised 2024 bulletin (3990) replaces the preliminary one (3950); 2025H1's 2100 亿元 is half a year of
    # a flow, not comparable with an annual target
    assert (latest, latest_period) == ("3990 亿元", "2024")
    assert progress == pytest.approx(3990 / 5000)
    # no actual before 十四五 is known for this chain, so the linear path cannot be judged
    assert (baseline, elapsed, on_track, verdict) == (None, None, None, "no baseline")


def test_the_manufacturing_value_added_target_stated_twice_is_flagged(warehouse):
    rows = plan_rows(warehouse, "indicator_key = 'manufacturing_value_added' and target_period_key = '2025'")
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        ("2100 亿元", "table", True, True),
        ("2800 亿元", "text", True, True),
    ]
    assert rows[0][5] == "2800 亿元 (text, 洛阳市人民政府 2022-04-26)"
    assert rows[1][5] == "2100 亿元 (table, 洛阳市人民政府 2022-04-26)"
    # baseline from Table 1's 2019 column
    assert [(r[6], r[7]) for r in rows] == [(pytest.approx(1630.2e8), "2019")] * 2


def test_the_profit_margin_target_is_behind_its_linear_path(warehouse):
    [row] = plan_rows(warehouse, "indicator_key = 'manufacturing_profit_margin'")
    _, _, _, _, _, _, baseline, baseline_period, latest, latest_period, progress, elapsed, on_track, verdict = row
    # 4.5% in 2020 (the plan's text beats Table 1's 2019 4.05%: later period), 4.8% in 2024, 5% by 2025
    assert (baseline, baseline_period, latest, latest_period) == (4.5, "2020", "4.8 %", "2024")
    assert progress == pytest.approx(0.6)
    assert elapsed == pytest.approx(1461 / 1826)
    assert (on_track, verdict) == (False, "behind")


def test_targets_without_any_actual_say_so(warehouse):
    verdicts = dict(
        warehouse.sql(
            "select indicator_key, progress_verdict from mart_plan_progress "
            "where indicator_key in ('manufacturing_operating_revenue', 'energy_per_industrial_value_added')"
        ).fetchall()
    )
    assert verdicts == {
        "manufacturing_operating_revenue": "no actual yet",
        "energy_per_industrial_value_added": "no actual yet",
    }


COUNT = "above_scale_industrial_enterprises_count | level | - | 家 | - | -"
MARGIN = "manufacturing_profit_margin | share | - | % | - | -"


@pytest.mark.parametrize(
    ("series_key", "period_key_b", "stated_a", "stated_b", "verdict", "relative_difference"),
    [
        # the article (Oct 2020) spoke before 2020 ended; the plan states the year-end count
        (COUNT, "2020", "1796 家", "1783 家", "different period", 13 / 1796),
        # a half-year count against the year's (current vintage of the bulletin only)
        (COUNT, "2024", "2001 家", "2013 家", "different period", 12 / 2013),
        ("manufacturing_value_added | level | - | 元 | - | -", "2025", "2100 亿元", "2800 亿元", "real conflict", 0.25),
        ("operating_revenue | level | - | 元 | industry_advanced_equipment_manufacturing | -", "2024", "3950 亿元",
         "3990 亿元", "revision", 40 / 3990),
        # 4.8 may be 4.75 rounded
        (MARGIN, "2024", "4.75 %", "4.8 %", "rounding", 0.05 / 4.8),
        ("subject:占全省比重 | share | - | % | - | -", "2021-2025", "9 %", "13.5 %", "same sentence", 4.5 / 13.5),
    ],
)  # fmt: skip
def test_conflicts_pair_sources_and_judge_them(
    warehouse, series_key, period_key_b, stated_a, stated_b, verdict, relative_difference
):
    rows = warehouse.sql(
        "select stated_a, stated_b, verdict, relative_difference from mart_conflicts "
        "where series_key = ? and period_key_b = ?",
        params=[series_key, period_key_b],
    ).fetchall()
    assert len(rows) == 1, "a document repeating a value (or a superseded vintage) must not add pairs"
    assert rows[0][:3] == (stated_a, stated_b, verdict)
    assert rows[0][3] == pytest.approx(relative_difference)


def test_conflicts_name_both_sources(warehouse):
    row = warehouse.sql(
        "select publisher_a, published_on_a, publisher_b, published_on_b, verdict_reason from mart_conflicts "
        "where series_key like 'above_scale_industrial_enterprises_count%' and period_key_b = '2020'"
    ).fetchone()
    assert row == (
        "人民日报",
        date(2020, 10, 23),
        "洛阳市人民政府",
        date(2022, 4, 26),
        "1796 家 was published on 2020-10-23, before 2020 ended",
    )


def test_the_latest_profit_margin_and_its_source(warehouse):
    # docs/queries.md, "the latest profit margin with its source"
    row = warehouse.sql(
        """
        select stated, period_key, publisher, published_on
        from mart_latest_values
        where indicator_key in ('profit_margin', 'industrial_profit_margin', 'manufacturing_profit_margin')
        order by period_key desc, published_on desc
        limit 1
        """
    ).fetchone()
    assert row == ("6.34 %", "2025-01..2025-08", "洛阳日报（洛报融媒）", date(2025, 9, 30))


def test_latest_values_count_the_sources_of_a_series(warehouse):
    row = warehouse.sql(
        "select stated, period_key, publisher, source_count from mart_latest_values "
        "where indicator_key = 'above_scale_industrial_enterprises_count'"
    ).fetchone()
    # 2024 from the bulletin's current vintage (not 2024H1); plan, article, bulletin and press report the series
    assert row == ("2013 家", "2024", "洛阳市统计局", 4)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 3, 19), []),  # before the bulletin
        (date(2025, 3, 20), [(3950.0, 1)]),
        (date(2025, 6, 29), [(3950.0, 1)]),
        (date(2025, 6, 30), [(3990.0, 2)]),  # the revision replaces it
        (date(2026, 1, 1), [(3990.0, 2)]),
    ],
)
def test_observations_as_known_on_a_date(warehouse, as_of, expected):
    rows = warehouse.sql(
        """
        select value, vintage_number from observations_as_of(?)
        where chain_key = 'industry_advanced_equipment_manufacturing' and status = 'actual' and is_latest_known
          and period_key = '2024'
        """,
        params=[as_of],
    ).fetchall()
    assert rows == expected


def test_the_as_of_macro_travels_with_a_published_copy(built_warehouse, tmp_path):
    published = tmp_path / "mfgstats.duckdb"
    shutil.copy(built_warehouse, published)
    con = duckdb.connect(str(published), read_only=True)
    try:
        n = con.sql("select count(*) from observations_as_of(date '2025-07-01')").fetchone()[0]
    finally:
        con.close()
    assert n > 0
