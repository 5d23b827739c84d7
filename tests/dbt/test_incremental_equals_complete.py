"""An incremental build (`dbt build --selector changed_data`, what `mfgstats run` does when only data changed) leaves
the marts exactly as a complete build of the same raw tables: every table and view of schema main and the
incremental intermediate tables, row for row — after new documents (one a newer vintage of a release already
built) with reviewed decisions of every kind but alias, and then after an alias decision, which may touch any
document. The incremental models read only what changed (pushed-down change sets, the facts of the documents a
decision names); this is what keeps them honest."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_fixture_facts import build_facts
from dbt_harness import make_raw_dir, run_dbt

from mfgstats.corrections.load import load_corrections
from mfgstats.ingest.loader import discover, load_document
from mfgstats.warehouse.load import write_raw

pytestmark = pytest.mark.slow

# held back from the first build: the revised vintage of the 2024 bulletin, a half-year news item, a seed article
LATER = ("901_", "904_", "004_")
INTERMEDIATE_TABLES = ("int_sourced_observations", "int_withdrawn_observations")


def build(args: list[str], db: Path, work: Path) -> None:
    result = run_dbt(args, db, work)
    assert result.returncode == 0, result.stdout[-6000:]


def relations(con) -> list[str]:
    main = [
        f"main.{r[0]}"
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and table_catalog = current_database() order by 1"
        ).fetchall()
    ]
    return main + [f"intermediate.{name}" for name in INTERMEDIATE_TABLES]


def differences(incremental: Path, complete: Path) -> dict[str, tuple[int, int, int]]:
    """Per relation whose rows differ: (rows, rows only in the incremental build, rows only in the complete one)."""
    out = {}
    with duckdb.connect(str(incremental), read_only=True) as con:
        con.execute(f"attach '{complete}' as complete (read_only)")
        names = relations(con)
        assert len(names) > 15  # every mart is there to compare
        for name in names:
            only_incremental, only_complete, rows = con.execute(
                f"select (select count(*) from (from {name} except all from complete.{name})), "
                f"(select count(*) from (from complete.{name} except all from {name})), (select count(*) from {name})"
            ).fetchone()
            if only_incremental or only_complete:
                out[name] = (rows, only_incremental, only_complete)
    return out


def fact_ref(con, file_prefix: str, nth: int) -> str:
    document_id, start, end, value = con.execute(
        """select f.document_id, f.start, f."end", f.value from raw.facts as f
           join raw.documents as d using (document_id)
           where d.file like ? order by f.start, f.fact_id limit 1 offset ?""",
        [f"{file_prefix}%", nth],
    ).fetchone()
    return f"{document_id[:16]}:{start}-{end}={value:g}"


def decisions(con) -> str:
    """A reject, a set (a new period), an explain, an add and a withdraw, on documents of both builds."""
    plan = con.execute("select document_id from raw.documents where file like '003_%'").fetchone()[0]
    article = con.execute("select document_id from raw.documents where file like '000_%'").fetchone()[0]
    explain_a, explain_b = fact_ref(con, "900_", 0), fact_ref(con, "901_", 0)
    return f"""\
- {{id: reject-1, action: reject, target: {{fact: "{fact_ref(con, "003_", 1)}"}}, reason: x, who: t, when: 2026-12-01}}
- {{id: set-1, action: set, target: {{fact: "{fact_ref(con, "003_", 2)}"}}, fields: {{period: "2019"}},
   reason: x, who: t, when: 2026-12-01}}
- {{id: explain-1, action: explain, target: {{fact: "{explain_a}", other: "{explain_b}"}}, reason: x, who: t,
   when: 2026-12-01}}
- {{id: add-1, action: add, target: {{document: "{plan[:16]}", span: 0-4}},
   fields: {{value: 7, unit: 家, subject: 规上工业企业, period: "2023"}}, reason: x, who: t, when: 2026-12-01}}
- {{id: withdraw-1, action: withdraw, target: {{document: "{article[:16]}"}}, fields: {{effective: 2025-01-01}},
   reason: x, who: t, when: 2026-12-01}}
"""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental_equals_complete")
    raw, corrections, db = work / "raw", work / "corrections", work / "build.duckdb"
    make_raw_dir(raw)
    corrections.mkdir()
    documents = [load_document(p, raw) for p in discover(raw)]
    facts = build_facts(documents)
    first = [d for d in documents if not d.file.startswith(LATER)]
    with duckdb.connect(str(db)) as con:
        write_raw(con, first, [f for f in facts if f.document_id in {d.document_id for d in first}])
    build(["build", "--full-refresh"], db, work)
    later = [d for d in documents if d.file.startswith(LATER)]
    with duckdb.connect(str(db)) as con:
        write_raw(con, later, [f for f in facts if f.document_id in {d.document_id for d in later}])
        (corrections / "decisions.yaml").write_text(decisions(con), encoding="utf-8")
        report = load_corrections(con, corrections, raw)
    assert not report.problems, report.problems
    return work, raw, corrections, db


def incremental_against_complete(work: Path, db: Path, name: str) -> dict:
    complete = work / f"{name}-complete.duckdb"
    shutil.copy(db, complete)
    build(["build", "--selector", "changed_data"], db, work / f"{name}-incremental")
    build(["build", "--full-refresh"], complete, work / f"{name}-complete")
    return differences(db, complete)


def test_new_documents_and_decisions_build_incrementally_into_the_complete_marts(deployment):
    work, _, _, db = deployment
    assert incremental_against_complete(work, db, "documents") == {}
    with duckdb.connect(str(db), read_only=True) as con:
        applied = dict(con.execute("select correction_id, status from main.mart_corrections").fetchall())
        corrected = con.execute("select count(*) from main.mart_corrected_observations").fetchone()[0]
        explained = con.execute(
            "select count(*) from main.mart_conflict_reviews where review_status = 'explained'"
        ).fetchone()[0]
        withdrawn = con.execute("select count(*) from intermediate.int_withdrawn_observations").fetchone()[0]
    # the decisions took effect, so the comparison covered them
    assert applied == {k: "applied" for k in ("reject-1", "set-1", "explain-1", "add-1", "withdraw-1")}
    assert corrected >= 2 and withdrawn > 0
    assert explained == 1


def test_an_alias_decision_builds_incrementally_into_the_complete_marts(deployment):
    work, raw, corrections, db = deployment
    with duckdb.connect(str(db)) as con:
        subject = con.execute(
            "select subject from raw.facts where indicator_code is null and subject is not null order by fact_id"
        ).fetchone()[0]
        alias = (
            f"- {{id: alias-1, action: alias, target: {{kind: indicator, phrase: {subject}}}, fields: {{code: gdp}}, "
            "reason: x, who: t, when: 2026-12-02}\n"
        )
        (corrections / "alias.yaml").write_text(alias, encoding="utf-8")
        load_corrections(con, corrections, raw)
    assert incremental_against_complete(work, db, "alias") == {}
    with duckdb.connect(str(db), read_only=True) as con:
        coded = con.execute(
            "select count(*) from main.mart_corrected_observations where correction_id like '%alias-1%'"
        ).fetchone()[0]
    assert coded > 0
