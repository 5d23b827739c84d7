"""The identity frames (share = part / whole, growth between stated levels) on small hand-made warehouses:
each case is a few statements in, whether the identity holds within its tolerance out. The last tests run the
project's identity suites through GX on such a warehouse and see WARN findings with the numbers and sources."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from mfgstats.config import PROJECT_ROOT
from mfgstats.quality.identities import growth_identities_sql, share_identities_sql
from mfgstats.quality.suites import load_suite

FACT_DDL = """
CREATE TABLE main.fct_observation (
    observation_id VARCHAR, document_id VARCHAR, indicator_key VARCHAR, chain_key VARCHAR, enterprise_key VARCHAR,
    region_key VARCHAR, region_name VARCHAR, period_key VARCHAR, period_start DATE, period_end DATE,
    status VARCHAR, measure VARCHAR, basis VARCHAR, comparator VARCHAR, value_normalised DOUBLE,
    value_signed DOUBLE, rounding_tolerance DOUBLE, unit VARCHAR, unit_normalised VARCHAR,
    evidence_text VARCHAR, file_path VARCHAR, char_start INTEGER)"""


@dataclass
class Stated:
    """One statement, as the fact table would hold it (value in the base unit, signed for declines)."""

    indicator: str
    measure: str
    value: float
    period: str  # "2020" or "2016-2020"
    unit: str = "亿元"
    status: str = "actual"
    comparator: str = "="
    basis: str | None = None
    chain: str | None = None
    decimals: int = 1  # digits after the point as stated: sets the rounding tolerance

    def row(self, i: int) -> tuple:
        first, _, last = self.period.partition("-")
        last = last or first
        base = {"亿元": ("元", 1e8), "家": ("家", 1), "%": ("%", 1), "吨标准煤/万元": ("吨标准煤/万元", 1)}[self.unit]
        value = self.value * base[1]
        tolerance = 0.5 * 10 ** (-self.decimals) * base[1]
        return (
            f"obs{i}", "doc1", self.indicator, self.chain, None, "410300", "洛阳市", self.period,
            date(int(first), 1, 1), date(int(last), 12, 31), self.status, self.measure, self.basis,
            self.comparator, abs(value), value, tolerance, self.unit, base[0], f"{self.value}{self.unit}",
            "003.txt", i * 10,
        )  # fmt: skip


def warehouse(path: Path, statements: list[Stated]) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(FACT_DDL)
        con.executemany(f"INSERT INTO main.fct_observation VALUES ({', '.join('?' * 22)})", [
            s.row(i) for i, s in enumerate(statements)
        ])  # fmt: skip
        con.execute("CREATE TABLE main.dim_source AS SELECT 'doc1' AS document_id, '洛阳市人民政府' AS publisher")
        con.execute("CREATE SCHEMA catalog")
        con.execute(
            "CREATE TABLE catalog.units AS SELECT * FROM (VALUES ('亿元', 'cny'), ('家', 'count'), ('%', 'pct'), "
            "('吨标准煤/万元', 'energy_intensity')) t(unit, family)"
        )
    return path


def identity_rows(db: Path, builder, options: dict) -> list[dict]:
    sql, params = builder({**options, "relation": 'main."fct_observation"'})
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).df().to_dict("records")


MFG_SHARE = {"share": "mfg_share", "part": "mfg_va", "whole": "ind_va"}
CHAIN_SHARE = {"share": "chain_share", "part": "chain_va", "whole": "ind_va"}

SHARE_CASES = [
    # case, identity options, statements, expected [(implied share, holds)]
    ("exact", MFG_SHARE, [Stated("mfg_share", "share", 50, "2020", "%"), Stated("mfg_va", "level", 100, "2020"),
                          Stated("ind_va", "level", 200, "2020")], [(50.0, True)]),
    ("within rounding of 1/3", MFG_SHARE, [Stated("mfg_share", "share", 33.3, "2020", "%"),
                                           Stated("mfg_va", "level", 1, "2020", decimals=0),
                                           Stated("ind_va", "level", 3, "2020", decimals=0)], [(33.33, True)]),
    ("83.8 % whose parts give 88.3 %", MFG_SHARE, [Stated("mfg_share", "share", 83.8, "2020", "%"),
                                                   Stated("mfg_va", "level", 1638.1, "2020"),
                                                   Stated("ind_va", "level", 1854.9, "2020")], [(88.31, False)]),
    ("a scope tolerance admits the gap", {**MFG_SHARE, "scope_tolerance": 5},
     [Stated("mfg_share", "share", 83.8, "2020", "%"), Stated("mfg_va", "level", 1638.1, "2020"),
      Stated("ind_va", "level", 1854.9, "2020")], [(88.31, True)]),
    ("'at least' holds above the bound", MFG_SHARE,
     [Stated("mfg_share", "share", 30, "2025", "%", "target", ">="),
      Stated("mfg_va", "level", 40, "2025", status="target"),
      Stated("ind_va", "level", 100, "2025", status="target")], [(40.0, True)]),
    ("'at least' fails below the bound", MFG_SHARE,
     [Stated("mfg_share", "share", 50, "2025", "%", "target", ">="),
      Stated("mfg_va", "level", 40, "2025", status="target"),
      Stated("ind_va", "level", 100, "2025", status="target")], [(40.0, False)]),
    ("an actual never pairs with a target", MFG_SHARE,
     [Stated("mfg_share", "share", 50, "2025", "%", "target"), Stated("mfg_va", "level", 40, "2025"),
      Stated("ind_va", "level", 100, "2025")], []),
    ("different periods are not combined", MFG_SHARE, [Stated("mfg_share", "share", 50, "2020", "%"),
                                                        Stated("mfg_va", "level", 100, "2019"),
                                                        Stated("ind_va", "level", 200, "2020")], []),
    ("a chain's share uses the chain's part and the city's whole", CHAIN_SHARE,
     [Stated("chain_share", "share", 44.9, "2019", "%", chain="high_tech"),
      Stated("chain_va", "level", 449, "2019", chain="high_tech"),
      Stated("chain_va", "level", 100, "2019", chain="other"),
      Stated("ind_va", "level", 1000, "2019")], [(44.9, True)]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "identity", "statements", "expected"), SHARE_CASES, ids=[c[0] for c in SHARE_CASES])
def test_share_identity(tmp_path: Path, case, identity, statements, expected):
    db = warehouse(tmp_path / "w.duckdb", statements)
    rows = identity_rows(db, share_identities_sql, {"identities": [identity]})
    assert [(r["implied_share"], r["deviation"] <= r["tolerance"]) for r in rows] == expected


CAGR = "cagr"
GROWTH_CASES = [
    # case, statements, expected [(implied growth, holds)]
    ("cagr equal to its levels", [Stated("va", "growth", 10, "2016-2020", "%", basis=CAGR),
                                  Stated("va", "level", 100, "2015"), Stated("va", "level", 161.05, "2020")],
     [(10.0, True)]),
    ("stated 7.5 % a year, levels 1491 → 1854.9 imply 4.46 %: beyond the price band",
     [Stated("va", "growth", 7.5, "2016-2020", "%", basis=CAGR), Stated("va", "level", 1491, "2015", decimals=0),
      Stated("va", "level", 1854.9, "2020")], [(4.46, False)]),
    ("real vs nominal: 2 points a year is within the price band for money",
     [Stated("va", "growth", 12, "2020", "%", basis="yoy"), Stated("va", "level", 100, "2019"),
      Stated("va", "level", 110, "2020")], [(10.0, True)]),
    ("counts carry no prices: the same 2 points is a finding",
     [Stated("firms", "growth", 12, "2020", "%", basis="yoy"), Stated("firms", "level", 100, "2019", "家", decimals=0),
      Stated("firms", "level", 110, "2020", "家", decimals=0)], [(10.0, False)]),
    ("cumulative growth over a plan", [Stated("va", "growth", 50, "2016-2020", "%", basis="cumulative"),
                                       Stated("va", "level", 100, "2015"), Stated("va", "level", 150, "2020")],
     [(50.0, True)]),
    ("a target rate runs from the actual baseline to the target level",
     [Stated("va", "growth", 5.1, "2021-2025", "%", "target", basis=CAGR), Stated("va", "level", 1638.1, "2020"),
      Stated("va", "level", 2100, "2025", status="target", decimals=0)], [(5.09, True)]),
    ("a decline is a negative rate",
     [Stated("energy", "growth", -6, "2021-2025", "%", "target", basis=CAGR, decimals=0),
      Stated("energy", "level", 1.0, "2020", "吨标准煤/万元", decimals=4),
      Stated("energy", "level", 0.7339, "2025", "吨标准煤/万元", "target", decimals=4)],
     [(-6.0, True)]),
    ("'at least' a rate the levels do not reach",
     [Stated("firms", "growth", 15, "2021-2025", "%", "target", ">=", basis=CAGR),
      Stated("firms", "level", 100, "2020", "家", decimals=0),
      Stated("firms", "level", 161, "2025", "家", "target", decimals=0)], [(9.99, False)]),
    ("no level at the start: nothing to compare", [Stated("va", "growth", 10, "2016-2020", "%", basis=CAGR),
                                                   Stated("va", "level", 161.05, "2020")], []),
]  # fmt: skip


@pytest.mark.parametrize(("case", "statements", "expected"), GROWTH_CASES, ids=[c[0] for c in GROWTH_CASES])
def test_growth_identity(tmp_path: Path, case, statements, expected):
    db = warehouse(tmp_path / "w.duckdb", statements)
    rows = identity_rows(db, growth_identities_sql, {"price_tolerance_pp": 2.5})
    assert [(r["implied_growth"], r["deviation"] <= r["tolerance"]) for r in rows] == expected


# A share of 83.8 % where part / whole gives 88.31 %, and a 7.5 % CAGR where the levels give 4.46 %.
BROKEN_IDENTITIES = [
    Stated("manufacturing_share_of_above_scale_industry", "share", 83.8, "2020", "%"),
    Stated("manufacturing_value_added", "level", 1638.1, "2020"),
    Stated("industrial_value_added", "level", 1491, "2015", decimals=0),
    Stated("industrial_value_added", "level", 1854.9, "2020"),
    Stated("industrial_value_added", "growth", 7.5, "2016-2020", "%", basis=CAGR),
]


def identity_suites() -> list:
    return [
        load_suite(PROJECT_ROOT / "expectations" / "consistency" / f"{n}_identities.yml") for n in ("share", "growth")
    ]


def test_identity_suites_report_findings_as_warn_through_gx(tmp_path: Path):
    """The project's own identity suites, run through GX, turn a broken identity into a WARN whose failing rows
    carry the stated and implied numbers and where each was stated."""
    from mfgstats.quality.validate import run_suites

    db = warehouse(
        tmp_path / "w.duckdb",
        BROKEN_IDENTITIES,
    )
    suites = identity_suites()
    with duckdb.connect(str(db), read_only=True) as con:
        outcomes = {o.suite: o for o in run_suites(con, suites)}
    share, growth = outcomes["share_identities"], outcomes["growth_identities"]
    assert (share.severity, growth.severity) == ("WARN", "WARN")
    (row,) = share.failed[0].failing_rows
    assert (row["stated_share"], row["implied_share"], row["part_stated"], row["whole_stated"]) == (
        "= 83.8 %", 88.31, "1638.1亿元 (2020)", "1854.9亿元 (2020)",
    )  # fmt: skip
    assert row["share_source"] == "洛阳市人民政府 003.txt @0"
    (row,) = growth.failed[0].failing_rows
    assert (row["stated_growth"], row["implied_growth"], row["start_stated"]) == ("= 7.5 %", 4.46, "1491亿元 (2015)")


def test_identity_suites_pass_when_the_numbers_agree(tmp_path: Path):
    from mfgstats.quality.validate import run_suites

    db = warehouse(
        tmp_path / "w.duckdb",
        [
            Stated("manufacturing_share_of_above_scale_industry", "share", 50, "2020", "%"),
            Stated("manufacturing_value_added", "level", 100, "2020"),
            Stated("industrial_value_added", "level", 200, "2020"),
        ],
    )
    suites = identity_suites()
    with duckdb.connect(str(db), read_only=True) as con:
        outcomes = run_suites(con, suites)
    assert [(o.suite, o.severity, o.rows) for o in outcomes] == [
        ("share_identities", None, 1),
        ("growth_identities", None, 0),
    ]


@pytest.mark.parametrize(
    ("changed_document", "findings", "as_findings"),
    [
        ("doc1", {"share_identities": 1, "growth_identities": 1}, False),  # a statement's document changed: found
        ("doc9", {"share_identities": 0, "growth_identities": 0}, False),  # another document changed: not looked at
        ("doc9", {"share_identities": 1, "growth_identities": 1}, True),  # findings suites: the standing state
    ],
)
def test_scoped_identity_checks_validate_the_combinations_of_changed_documents(
    tmp_path, changed_document, findings, as_findings
):
    """After an incremental build (mfgstats.quality.scope) a builder's combination is validated when one of its
    statements comes from a changed document; the identities are still computed over the whole table. The
    project's identity suites are findings suites, which are read whole: an open finding stays visible after
    a build that changed other documents."""
    from mfgstats.quality.validate import run_suites

    db = warehouse(
        tmp_path / "w.duckdb",
        BROKEN_IDENTITIES,
    )
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE SCHEMA intermediate")
        con.execute(
            "CREATE TABLE intermediate.int_changed_documents AS"
            f" SELECT '{changed_document}' AS document_id, true AS is_changed"
        )
    suites = [dataclasses.replace(s, findings=as_findings) for s in identity_suites()]
    assert all(s.findings for s in identity_suites())
    with duckdb.connect(str(db), read_only=True) as con:
        outcomes = {o.suite: o for o in run_suites(con, suites, scoped=True)}
    failing = {name: sum(len(e.failing_rows) for e in o.failed) for name, o in outcomes.items()}
    assert failing == findings
    for name, outcome in outcomes.items():
        assert outcome.passed == (findings[name] == 0)
        assert outcome.passed or outcome.severity == "WARN"  # a finding about the sources, never blocking
