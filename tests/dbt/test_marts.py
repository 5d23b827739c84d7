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


def verdict(warehouse, where: str, params=()):
    """(sense, unit, goal, baseline, latest, verdict, reason) of the one target matching `where`."""
    return warehouse.sql(
        f"""
        select sense, unit, goal_value, baseline_value, latest_value, progress_verdict, verdict_reason
        from mart_plan_progress where {where}
        """,
        params=list(params),
    ).fetchone()


def test_the_advanced_equipment_target_shows_progress_from_the_latest_vintage(warehouse):
    [row] = plan_rows(warehouse, "chain_name = '先进装备制造' and target_period_key = '2025'")
    stated, _, _, twice, conflicting, _, baseline, _, latest, latest_period, progress, elapsed, on_track, verdict = row
    assert (stated, twice, conflicting) == ("5000 亿元", False, False)
    # the revised 2024 bulletin (3990) replaces the preliminary one (3950); 2025H1's 2100 亿元 is half a year of
    # a flow, not comparable with an annual target
    assert (latest, latest_period) == ("3990 亿元", "2024")
    assert progress == pytest.approx(3990 / 5000)
    # no actual before 十四五 is known for this chain, so the linear path cannot be judged
    assert (baseline, elapsed, on_track, verdict) == (None, None, None, "not comparable")


def test_the_manufacturing_value_added_target_stated_twice_is_flagged(warehouse):
    rows = plan_rows(warehouse, "indicator_key = 'manufacturing_value_added' and target_period_key = '2025'")
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        ("2100 亿元", "table", True, True),
        ("2800 亿元", "text", True, True),
    ]
    assert rows[0][5] == "2800 亿元 (text, 洛阳市人民政府 2022-04-26)"
    assert rows[1][5] == "2100 亿元 (table, 洛阳市人民政府 2022-04-26)"
    # baseline from Table 1's 2019 column, in the target's unit (亿元), not in 元
    assert [(r[6], r[7]) for r in rows] == [(pytest.approx(1630.2), "2019")] * 2


def test_baseline_target_and_latest_stand_in_the_targets_unit_with_normalised_values_beside(warehouse):
    row = warehouse.sql(
        """
        select unit, target_value, baseline_value, unit_normalised, goal_value_normalised, baseline_value_normalised
        from mart_plan_progress where indicator_key = 'manufacturing_value_added' and origin = 'text'
        """
    ).fetchone()
    assert row[:4] == ("亿元", 2800.0, pytest.approx(1630.2), "元")
    assert row[4:] == (pytest.approx(2800e8), pytest.approx(1630.2e8))


def test_the_profit_margin_target_is_behind_its_linear_path(warehouse):
    [row] = plan_rows(warehouse, "indicator_key = 'manufacturing_profit_margin'")
    _, _, _, _, _, _, baseline, baseline_period, latest, latest_period, progress, elapsed, on_track, verdict = row
    # 4.5% in 2020 (the plan's text beats Table 1's 2019 4.05%: later period), 4.8% in 2024, 5% by 2025
    assert (baseline, baseline_period, latest, latest_period) == (4.5, "2020", "4.8 %", "2024")
    assert progress == pytest.approx(0.6)
    assert elapsed == pytest.approx(1461 / 1826)
    assert (on_track, verdict) == (False, "behind")
    reason = warehouse.sql(
        "select verdict_reason from mart_plan_progress where indicator_key = 'manufacturing_profit_margin'"
    ).fetchone()[0]
    assert reason == "60% of the way from 4.5 % to 5 % with 80% of the time gone"


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


def test_a_cultivate_n_target_is_an_increase_over_the_baseline(warehouse):
    # 培育 15 家省级以上绿色工厂 by 2025, 27 at the end of 十三五: the goal is 42, and 138 in 2025 meets it
    assert verdict(warehouse, "indicator_key = 'green_factories_count'") == (
        "increase",
        "家",
        42.0,
        27.0,
        138.0,
        "achieved",
        "138 家 (2025-01..2025-09) ≥ 42 家",
    )


def test_a_doubling_target_is_a_multiple_of_the_baseline_and_counts_meet_across_classifiers(warehouse):
    # 创新平台数量较“十三五”末实现倍增: twice 1900余家 is 3800, met by 3949 家; 4000 个 is not met yet but on its path
    doubled = verdict(warehouse, "indicator_key = 'innovation_platforms_count' and measure = 'multiple'")
    assert doubled == ("multiple", "家", 3800.0, 1900.0, 3949.0, "achieved", "3949 家 (2025-01..2025-07) ≥ 3800 家")
    level = verdict(warehouse, "indicator_key = 'innovation_platforms_count' and measure = 'level'")
    assert level[:6] == ("at_least", "个", 4000.0, 1900.0, 3949.0, "on track")
    assert level[6].startswith("98% of the way from > 1900 家 to 4000 个 with ")


def test_a_fall_to_target_is_a_ceiling(warehouse):
    sense, unit, goal, baseline, latest, progress_verdict, _ = verdict(
        warehouse, "chain_name = '六大高耗能' and target_period_key = '2025'"
    )
    assert (sense, unit, goal, baseline, latest, progress_verdict) == (
        "at_most",
        "%",
        35.0,
        39.5,
        None,
        "no actual yet",
    )


def test_a_per_year_target_meets_a_cumulative_actual_divided_by_its_years(warehouse):
    # 每年 500 个以上 against 2809 个 over 2021-01..2025-09 (4.75 years): 591 a year
    row = warehouse.sql(
        """
        select is_per_year, goal_value, latest_value, progress_verdict, verdict_reason
        from mart_plan_progress where indicator_key = 'key_industrial_projects_count'
        """
    ).fetchone()
    assert row[:4] == (True, 500.0, pytest.approx(2809 / 4.75), "achieved")
    assert row[4] == "591.37 个 a year (2809 个 over 4.75 years) (2021-01-01..2025-09-30) ≥ 500 个"


def test_a_projects_expected_output_is_typed_and_kept_out_of_the_verdicts(warehouse):
    row = warehouse.sql(
        """
        select target_kind, is_policy_target, progress_verdict, verdict_reason
        from mart_plan_progress where target_stated = '> 1000 亿元' and subject = '年产值'
        """
    ).fetchone()
    assert row == ("project output", False, None, "a project output, not a policy target of the region")


def test_every_policy_target_has_one_of_the_five_verdicts(warehouse):
    verdicts = {
        v
        for (v,) in warehouse.sql(
            "select distinct progress_verdict from mart_plan_progress where is_policy_target"
        ).fetchall()
    }
    assert verdicts <= {"achieved", "on track", "behind", "no actual yet", "not comparable"}
    assert {"achieved", "on track", "behind", "no actual yet", "not comparable"} <= verdicts


COUNT = "above_scale_industrial_enterprises_count | level | - | count | - | -"
MARGIN = "manufacturing_profit_margin | share | - | pct | - | -"


@pytest.mark.parametrize(
    ("series_key", "period_key_b", "stated_a", "stated_b", "verdict", "relative_difference"),
    [
        # the article (Oct 2020) spoke before 2020 ended; the plan states the year-end count
        (COUNT, "2020", "1796 家", "1783 家", "different dates", 13 / 1796),
        # a stock read in mid-2024 and at the end of 2024 (current vintage of the bulletin only)
        (COUNT, "2024", "2001 家", "2013 家", "different dates", 12 / 2013),
        ("manufacturing_value_added | level | - | cny | - | -", "2025", "2100 亿元", "2800 亿元", "real conflict",
         0.25),
        ("operating_revenue | level | - | cny | industry_advanced_equipment_manufacturing | -", "2024", "3950 亿元",
         "3990 亿元", "revision", 40 / 3990),
        # 4.8 may be 4.75 rounded
        (MARGIN, "2024", "4.75 %", "4.8 %", "rounding", 0.05 / 4.8),
        ("subject:占全省比重 | share | - | pct | - | -", "2021-2025", "9 %", "13.5 %", "same sentence", 4.5 / 13.5),
        # ≥ 1/3 is satisfied by 38.5 %
        ("manufacturing_share_of_gdp | share | - | pct | - | -", "2025", ">= 33.33 %", "38.5 %", "consistent",
         5.17 / 38.5),
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


def test_a_point_that_breaks_a_bound_is_a_real_conflict(warehouse):
    # 突破1200家 and 1100家 for the same year cannot both hold (≥ 1/3 vs 38.5 % above can: consistent)
    rows = warehouse.sql(
        "select stated_a, stated_b, verdict, verdict_reason from mart_conflicts where subject_a = '高新技术企业'"
    ).fetchall()
    assert rows == [("> 1200 家", "1100 家", "real conflict", "> 1200 家 vs 1100 家 for the same period 2024")]


def test_conflicts_name_both_sources(warehouse):
    row = warehouse.sql(
        "select publisher_a, published_on_a, publisher_b, published_on_b, verdict_reason, evidence_spans_a "
        "from mart_conflicts where series_key like 'above_scale_industrial_enterprises_count%' "
        "and period_key_b = '2020'"
    ).fetchone()
    assert row[:5] == (
        "人民日报",
        date(2020, 10, 23),
        "洛阳市人民政府",
        date(2022, 4, 26),
        "1796 家 was published on 2020-10-23, before 2020 ended; 1783 家 is the figure for the whole period",
    )
    # 核心阅读 and the body text state it: one claim, both spans
    assert len(row[5].split("; ")) == 2


def test_one_industry_sized_by_two_measures_is_flagged_as_different_wording(warehouse):
    rows = warehouse.sql(
        "select verdict, stated_a, stated_b, indicator_key, indicator_key_b from mart_conflicts "
        "where series_key like '%industry_new_energy_and_vehicles%'"
    ).fetchall()
    assert rows == [("different wording", "> 1000 亿元", "800 亿元", "industry_scale", "operating_revenue")]


def test_no_pair_crosses_a_status_or_compares_flows_over_different_spans(warehouse):
    assert warehouse.sql(
        """
        select count(*) from mart_conflicts
        where verdict <> 'different dates' and period_key_a <> period_key_b
        """
    ).fetchone() == (0,)
    # the project's 年产值 target is not paired with anything
    assert warehouse.sql("select count(*) from mart_conflicts where series_key like 'output_value%'").fetchone() == (0,)


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
        "select stated, period_key, publisher, source_count, observation_count from mart_latest_values "
        "where indicator_key = 'above_scale_industrial_enterprises_count'"
    ).fetchone()
    # 2024 from the bulletin's current vintage (not 2024H1); plan, article, bulletin and press report the series;
    # the article's repeated 1796 is one claim
    assert row == ("2013 家", "2024", "洛阳市统计局", 4, 4)


def test_latest_values_keep_the_sign_and_say_when_a_period_was_open(warehouse):
    decline = warehouse.sql(
        "select stated, value_normalised from mart_latest_values where subject = '规上软件和信息服务业营业收入增速'"
    ).fetchone()
    assert decline == ("-6.7 %", -6.7)
    open_row = warehouse.sql(
        "select is_period_open_at_publication, period_note from mart_latest_values "
        "where indicator_key = 'green_factories_count'"
    ).fetchone()
    assert open_row == (True, "2025-01..2025-09 to date: published 2025-09-30, before the period ended")


def test_a_projects_figure_is_not_the_regions_latest_value(warehouse):
    assert warehouse.sql("select count(*) from mart_latest_values where indicator_key = 'output_value'").fetchone() == (
        0,
    )


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


# the macro's first definition (one window over every row valid on the date): the reference its answers must match
AS_OF_REFERENCE = """
    select o.*, s.vintage_number, s.valid_from, s.valid_to, s.publisher, s.title,
        row_number() over (
            partition by o.series_key, o.region_key, o.period_key, o.status
            order by s.published_on desc, o.confidence desc, o.observation_id
        ) = 1 as is_latest_known
    from (select * from main.fct_observation union all by name select * from intermediate.int_withdrawn_observations) o
    inner join main.dim_source as s using (document_id)
    where s.valid_from <= cast(? as date) and (s.valid_to is null or s.valid_to > cast(? as date))
"""


def test_every_series_has_one_chain_and_one_indicator(warehouse):
    """observations_as_of partitions by chain_key and indicator_key besides series_key: it may only because
    they are parts of it."""
    split = warehouse.sql(
        """
        select series_key from (select * from fct_observation
                                union all by name select * from intermediate.int_withdrawn_observations)
        group by series_key
        having count(distinct coalesce(chain_key, '-')) > 1 or count(distinct indicator_key) > 1
        """
    ).fetchall()
    assert split == []


@pytest.mark.parametrize("as_of", [date(2025, 3, 19), date(2025, 3, 20), date(2025, 6, 30), date(2026, 1, 1)])
@pytest.mark.parametrize(
    "where",
    [
        "true",
        "chain_key = 'industry_advanced_equipment_manufacturing' and status = 'actual' and is_latest_known",
        "chain_key = 'industry_advanced_equipment_manufacturing'",
        "indicator_key = (select min(indicator_key) from fct_observation) and is_latest_known",
        "region_key = (select min(region_key) from fct_observation) and not is_latest_known",
        "is_latest_known",
    ],
)
def test_the_as_of_macro_answers_as_its_first_definition(warehouse, as_of, where):
    macro = warehouse.sql(f"select * from observations_as_of(?) where {where} order by all", params=[as_of]).fetchall()
    reference = warehouse.sql(
        f"select * from ({AS_OF_REFERENCE}) where {where} order by all", params=[as_of, as_of]
    ).fetchall()
    assert macro == reference
    if where == "true" and as_of >= date(2025, 6, 30):
        assert macro  # the comparison is not between two empty answers
