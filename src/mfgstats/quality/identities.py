"""Frames for the identity checks: what the stated numbers imply about each other.

Each builder returns (SQL, parameters) giving one row per testable combination of statements, with the stated
value, the value the other statements imply, their `deviation` and the `tolerance` the deviation may reach
before it is a finding. A suite then expects `tolerance >= deviation` through GX, so identity findings are
reported like every other expectation.

Tolerances are explicit, never a fudge factor:
- rounding: half a unit of each stated last digit (`rounding_tolerance` in the facts), propagated through the
  ratio or the growth formula;
- comparators: "达到 X 以上" only bounds one side, so only a shortfall on that side counts;
- scope (shares): a suite may allow extra points per identity when the parts are known to be measured on a
  slightly different scope than the share (all industry vs industry above designated size);
- prices (growth): growth rates are stated at comparable prices (real) while levels are at current prices
  (nominal), so for money the implied rate may differ by the average deflator — `price_tolerance_pp` per year.
"""

from __future__ import annotations

from typing import Any

MONEY_FAMILIES = ("cny", "usd", "eur", "hkd")  # unit families of units.csv whose levels carry prices

# The gap between a stated bound and the implied value, on the side the comparator constrains.
_DEVIATION = """CASE
        WHEN {stated_cmp} IN ('>', '>=') THEN greatest(0, {stated} - {implied})
        WHEN {stated_cmp} IN ('<', '<=') THEN greatest(0, {implied} - {stated})
        ELSE abs({stated} - {implied}) END"""


# Levels usable as parts, wholes and endpoints: exact (or approximate) statements of a positive amount.
def _level(alias: str) -> str:
    return f"{alias}.measure = 'level' AND {alias}.comparator IN ('=', '~') AND {alias}.value_normalised > 0"


def share_identities_sql(options: dict[str, Any]) -> tuple[str, list[Any]]:
    """share = 100 × part / whole, for each identity in options['identities'] ({share, part, whole,
    scope_tolerance?, note?, whole_scope?}: indicator keys). The part belongs to the same chain or enterprise as
    the share (增加值 of 高新技术产业 for its share of 规上工业); the whole is city-wide (`whole_scope: city`, the
    default) or of the same chain or enterprise too (`whole_scope: same`: a chain's profit over its revenue)."""
    identities = options.get("identities") or []
    if not identities:
        raise ValueError("share_identities needs `identities:` (share, part, whole)")
    values, params = [], []
    for item in identities:
        scope = item.get("whole_scope", "city")
        if scope not in ("city", "same"):
            raise ValueError(f"whole_scope is `city` or `same`, not {scope!r}")
        values.append("(?, ?, ?, ?, ?, ?)")
        params += [
            item["share"],
            item["part"],
            item["whole"],
            float(item.get("scope_tolerance", 0.0)),
            " ".join(str(item.get("note", "")).split()),
            scope == "same",
        ]
    rel = options["relation"]
    implied = "100.0 * p.value_normalised / w.value_normalised"
    sql = f"""
    WITH identity(share_key, part_key, whole_key, scope_tolerance, note, whole_same) AS (VALUES {", ".join(values)}),
    obs AS (SELECT o.*, s.publisher FROM {rel} o LEFT JOIN main.dim_source s USING (document_id))
    SELECT
        i.share_key || ' = ' || i.part_key || ' / ' || i.whole_key AS identity,
        sh.region_name, sh.chain_key, sh.period_key, sh.status,
        sh.comparator || ' ' || sh.value_normalised || ' %' AS stated_share,
        round({implied}, 2) AS implied_share,
        p.evidence_text || ' (' || p.period_key || ')' AS part_stated,
        w.evidence_text || ' (' || w.period_key || ')' AS whole_stated,
        round({_DEVIATION.format(stated_cmp="sh.comparator", stated="sh.value_normalised", implied=implied)}, 4)
            AS deviation,
        round(sh.rounding_tolerance
            + {implied} * (p.rounding_tolerance / p.value_normalised + w.rounding_tolerance / w.value_normalised)
            + i.scope_tolerance, 4) AS tolerance,
        i.note,
        sh.publisher || ' ' || sh.file_path || ' @' || sh.char_start AS share_source,
        p.publisher || ' ' || p.file_path || ' @' || p.char_start AS part_source,
        w.publisher || ' ' || w.file_path || ' @' || w.char_start AS whole_source,
        sh.observation_id AS share_observation_id,
        p.observation_id AS part_observation_id,
        w.observation_id AS whole_observation_id
    FROM identity i
    JOIN obs sh ON sh.indicator_key = i.share_key AND sh.measure = 'share' AND sh.comparator <> 'range'
    JOIN obs p ON p.indicator_key = i.part_key AND {_level("p")}
        AND p.region_key = sh.region_key AND p.period_key = sh.period_key AND p.status = sh.status
        AND p.chain_key IS NOT DISTINCT FROM sh.chain_key
        AND p.enterprise_key IS NOT DISTINCT FROM sh.enterprise_key
    JOIN obs w ON w.indicator_key = i.whole_key AND {_level("w")}
        AND w.region_key = sh.region_key AND w.period_key = sh.period_key AND w.status = sh.status
        AND (CASE WHEN i.whole_same
                  THEN w.chain_key IS NOT DISTINCT FROM sh.chain_key
                       AND w.enterprise_key IS NOT DISTINCT FROM sh.enterprise_key
                  ELSE w.chain_key IS NULL AND w.enterprise_key IS NULL END)
    ORDER BY identity, sh.period_key, share_observation_id, part_observation_id, whole_observation_id
    """
    return sql, params


def growth_identities_sql(options: dict[str, Any]) -> tuple[str, list[Any]]:
    """A stated growth rate (同比 yoy, 年均 cagr, 累计 cumulative) against the levels of the same series stated
    at both ends: the level of the year before the period (always an actual: the baseline) and the level at its
    end (an actual for an actual rate, a target for a target rate)."""
    price = float(options.get("price_tolerance_pp", 0.0))
    families = list(options.get("price_families") or MONEY_FAMILIES)
    rel = options["relation"]
    ratio = "(l1.value_normalised / l0.value_normalised)"
    ratio_tolerance = (
        f"{ratio} * (l1.rounding_tolerance / l1.value_normalised + l0.rounding_tolerance / l0.value_normalised)"
    )
    implied = f"""CASE WHEN g.basis = 'cagr' THEN 100.0 * (power({ratio}, 1.0 / g.years) - 1)
                       ELSE 100.0 * ({ratio} - 1) END"""
    implied_tolerance = f"""CASE WHEN g.basis = 'cagr'
                                 THEN 100.0 / g.years * power({ratio}, 1.0 / g.years - 1) * {ratio_tolerance}
                                 ELSE 100.0 * {ratio_tolerance} END"""
    sql = f"""
    WITH obs AS (SELECT o.*, s.publisher FROM {rel} o LEFT JOIN main.dim_source s USING (document_id)),
    g AS (
        SELECT *, CASE basis WHEN 'yoy' THEN 1 ELSE year(period_end) - year(period_start) + 1 END AS years,
               -- the periods of the levels at both ends, as columns: joined by equality (a hash join), a
               -- condition in the join would compare every level of the series with every rate
               CASE WHEN basis = 'yoy' THEN period_start ELSE make_date(year(period_end), 1, 1) END AS end_start,
               CASE WHEN basis = 'yoy' THEN period_end ELSE make_date(year(period_end), 12, 31) END AS end_end,
               CASE WHEN basis = 'yoy' THEN period_start - INTERVAL 1 YEAR
                    ELSE make_date(year(period_start) - 1, 1, 1) END AS start_start,
               CASE WHEN basis = 'yoy' THEN period_end - INTERVAL 1 YEAR
                    ELSE make_date(year(period_start) - 1, 12, 31) END AS start_end
        FROM obs
        WHERE measure = 'growth' AND basis IN ('yoy', 'cagr', 'cumulative') AND comparator <> 'range'
          -- a multi-year rate runs over whole calendar years (2016-2020); a yoy rate over any period
          AND (basis = 'yoy' OR (period_start = make_date(year(period_start), 1, 1)
                                 AND period_end = make_date(year(period_end), 12, 31)))
    ),
    lv AS (SELECT * FROM obs o WHERE {_level("o")}),
    pairs AS (
        SELECT g.*,
               l0.evidence_text || ' (' || l0.period_key || ')' AS start_stated,
               l1.evidence_text || ' (' || l1.period_key || ', ' || l1.status || ')' AS end_stated,
               l0.publisher || ' ' || l0.file_path || ' @' || l0.char_start AS start_source,
               l1.publisher || ' ' || l1.file_path || ' @' || l1.char_start AS end_source,
               l0.observation_id AS start_observation_id, l1.observation_id AS end_observation_id,
               u.family IN (SELECT unnest(?)) AS carries_prices,
               {implied} AS implied, {implied_tolerance} AS implied_tolerance
        FROM g
        JOIN lv l1 ON l1.indicator_key = g.indicator_key AND l1.region_key = g.region_key
            AND l1.chain_key IS NOT DISTINCT FROM g.chain_key
            AND l1.enterprise_key IS NOT DISTINCT FROM g.enterprise_key
            AND l1.status = g.status AND l1.period_start = g.end_start AND l1.period_end = g.end_end
        JOIN lv l0 ON l0.indicator_key = g.indicator_key AND l0.region_key = g.region_key
            AND l0.chain_key IS NOT DISTINCT FROM g.chain_key
            AND l0.enterprise_key IS NOT DISTINCT FROM g.enterprise_key
            AND l0.status = 'actual' AND l0.unit_normalised = l1.unit_normalised
            AND l0.period_start = g.start_start AND l0.period_end = g.start_end
        LEFT JOIN catalog.units u ON u.unit = l1.unit
    )
    SELECT
        indicator_key, region_name, chain_key, basis, period_key, status,
        comparator || ' ' || value_signed || ' %' AS stated_growth,
        round(implied, 2) AS implied_growth,
        start_stated, end_stated, years,
        round({_DEVIATION.format(stated_cmp="comparator", stated="value_signed", implied="implied")}, 4) AS deviation,
        round(rounding_tolerance + implied_tolerance
              + CASE WHEN carries_prices THEN ? * (CASE basis WHEN 'cumulative' THEN years ELSE 1 END) ELSE 0 END,
              4) AS tolerance,
        coalesce(carries_prices, false) AS carries_prices,
        publisher || ' ' || file_path || ' @' || char_start AS growth_source,
        start_source, end_source,
        observation_id AS growth_observation_id, start_observation_id, end_observation_id
    FROM pairs
    ORDER BY indicator_key, period_key, growth_observation_id, start_observation_id, end_observation_id
    """
    return sql, [families, price]
