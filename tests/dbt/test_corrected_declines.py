"""A fall is stored as its size with direction down (issue 14, form 11), and the marts take value_signed from that
without abs(). The one other way a number enters raw facts is a reviewer's decision, who may write the fall with
its minus sign: a `set` value on a fact going down and an `add` with a negative value must reach the marts as the
same one minus sign."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from dbt_fixture_facts import build_facts
from dbt_harness import make_raw_dir, run_dbt

from mfgstats.corrections.load import load_corrections
from mfgstats.ingest.loader import discover, load_document
from mfgstats.warehouse.load import write_raw

pytestmark = pytest.mark.slow

TABLE_FALL = "-6.7"  # the plan table's cell, stored by the fixture as extraction does: 6.7, down


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> tuple[Path, str, int]:
    work = tmp_path_factory.mktemp("corrected_declines")
    raw, corrections, db = work / "raw", work / "corrections", work / "build.duckdb"
    make_raw_dir(raw)
    corrections.mkdir()
    documents = [load_document(p, raw) for p in discover(raw)]
    facts = build_facts(documents)
    (fall,) = [f for f in facts if f.text == TABLE_FALL]
    assert (fall.value, fall.direction) == (6.7, "down")
    plan = fall.document_id
    with duckdb.connect(str(db)) as con:
        write_raw(con, documents, facts)
        (corrections / "decisions.yaml").write_text(
            f"""\
- {{id: set-fall, action: set, target: {{fact: "{plan[:16]}:{fall.start}-{fall.end}=6.7"}}, fields: {{value: -7.1}},
   reason: the table's corrigendum, who: t, when: 2026-12-01}}
- {{id: add-fall, action: add, target: {{document: "{plan[:16]}", span: 0-4}},
   fields: {{value: -3.2, unit: "%", measure: growth, subject: 规上工业增加值, period: "2023"}},
   reason: x, who: t, when: 2026-12-01}}
""",
            encoding="utf-8",
        )
        report = load_corrections(con, corrections, raw)
    assert not report.problems, report.problems
    result = run_dbt(["build"], db, work)
    assert result.returncode == 0, result.stdout[-6000:]
    return db, plan, fall.start


def test_a_fall_a_reviewer_writes_with_a_minus_sign_is_signed_once(corrected):
    db, plan, table_cell = corrected
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """select char_start, value, value_normalised, value_signed, direction from fct_observation
               where document_id = ? and char_start in (0, ?) order by char_start""",
            [plan, table_cell],
        ).fetchall()
    assert rows == [(0, 3.2, 3.2, -3.2, "down"), (table_cell, 7.1, 7.1, -7.1, "down")]
