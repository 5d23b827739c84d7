"""Reviewed corrections through `mfgstats run` on the four seed documents, in three runs on one deployment:

1. a complete build with decisions of every kind (set a period, reject, add by span, explain the 2800 vs 2100
   conflict, an alias, an orphan, a record that cannot be read);
2. an incremental run after a changed decision, a withdrawn document and a file deleted from the raw directory;
3. `mfgstats run --force`, which re-ingests and re-extracts every document: the decisions still apply.

The facts the decisions name are found with the pipeline's own extractor, so the references are the ones
`mfgstats review` would print."""

from __future__ import annotations

import hashlib
import resource
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from mfgstats.ingest import load_document
from mfgstats.pipeline import facts_of
from mfgstats.records import REVIEW_THRESHOLD

pytestmark = pytest.mark.e2e

PLAN = "003_a02ff61b1f3992ea.txt"  # 洛阳市“十四五”制造业高质量发展规划 (2022-04-26): 2800 vs 2100 亿元
ARTICLE = "001_5a721d1404130410.txt"  # 从“工业锈带”到“创新秀场” (2025-08-01): 156项重点工程, not extracted
PEOPLES_DAILY = "000_1f30f3a4bdbadbcc.txt"  # 2020-10-23: its file is deleted before the second run
PRESS = "004_8e00ac7a97b8b83b.txt"  # 2025-09-30: withdrawn by a decision (effective 2025-12-31)


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    mfgstats = Path(sys.executable).parent / "mfgstats"
    return subprocess.run([str(mfgstats), *args], env=env, capture_output=True, text=True, timeout=1200)


def ref(fact) -> str:
    return f"{fact.document_id[:16]}:{fact.start}-{fact.end}={fact.value:g}"


def record(ident: str, action: str, target: str, reason: str, fields: str = "") -> str:
    lines = [f"- id: {ident}", f"  action: {action}", f"  target: {target}"]
    lines += [f"  fields: {fields}"] if fields else []
    return "\n".join([*lines, f"  reason: {reason}", "  who: e2e", "  when: 2026-12-01"]) + "\n"


class Deployment:
    def __init__(self, seed_deployment):
        d = seed_deployment("corrections")
        self.root, self.raw, self.env = d.root, d.raw_dir, dict(d.env)
        self.corrections = d.root / "corrections"
        self.corrections.mkdir()
        self.env["MFGSTATS_CORRECTIONS_DIR"] = str(self.corrections)
        self.published = d.warehouse_dir / "mfgstats.duckdb"
        docs = {name: load_document(self.raw / name, self.raw) for name in (PLAN, ARTICLE, PEOPLES_DAILY, PRESS)}
        self.ids = {name: doc.document_id for name, doc in docs.items()}
        assert self.ids[PLAN] == hashlib.sha256((self.raw / PLAN).read_bytes()).hexdigest()
        plan_facts = facts_of(docs[PLAN])

        def one(pred):
            found = [f for f in plan_facts if pred(f)]
            assert found, "the extractor no longer finds a fact this test names"
            return found[0]

        self.text_2800 = one(lambda f: f.value == 2800 and f.status == "target" and "制造业增加值" in (f.subject or ""))
        self.table_2100 = one(lambda f: f.value == 2100 and f.status == "target")
        self.oil = one(lambda f: f.text.replace(" ", "") == "1000万吨")
        self.rejected = one(lambda f: f.text == "千亿级")
        self.px = one(lambda f: (f.subject or "").startswith("PX"))
        named = {id(f) for f in (self.text_2800, self.table_2100, self.oil, self.rejected, self.px)}
        self.doubted = one(lambda f: f.confidence < REVIEW_THRESHOLD and f.confidence_reason and id(f) not in named)
        text = docs[ARTICLE].text
        self.added_start = text.index("156项")
        self.run_output: dict[str, str] = {}

    def write(self, *records: str) -> None:
        (self.corrections / "decisions.yaml").write_text("".join(records), encoding="utf-8")

    def run(self, name: str, *args: str) -> None:
        done = run_cli(self.env, "run", *args)
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        self.run_output[name] = done.stdout

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.published), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def deployment(seed_deployment):
    return Deployment(seed_deployment)


def decisions(d: Deployment, period: str) -> list[str]:
    return [
        record(
            "set-oil-period", "set", f'{{fact: "{ref(d.oil)}"}}', "the capacity of that year", f"{{period: {period}}}"
        ),
        record(
            "reject-class", "reject", f'{{fact: "{ref(d.rejected)}"}}', "千亿级 is a class of cluster, not a figure"
        ),
        record(
            "add-156",
            "add",
            f"{{document: {d.ids[ARTICLE][:16]}, span: {d.added_start}-{d.added_start + 4}}}",
            "missed by the extractor",
            '{value: 156, unit: 项, subject: 一五计划重点工程, period: "1953..1957"}',
        ),
        record(
            "explain-mva-2025",
            "explain",
            f'{{fact: "{ref(d.text_2800)}", other: "{ref(d.table_2100)}"}}',
            "Table 1 typo, text governs",
        ),
        record(
            "alias-px",
            "alias",
            f"{{kind: indicator, phrase: {d.px.subject}}}",
            "a capacity",
            "{code: production_capacity}",
        ),
        record("orphan-1", "reject", f'{{fact: "{d.ids[PLAN][:16]}:5-9=42"}}', "names no fact"),
        "- id: unreadable\n  action: sett\n  reason: x\n  who: e2e\n  when: 2026-12-01\n",
    ]


@pytest.fixture(scope="module")
def first(deployment: Deployment) -> Deployment:
    deployment.write(*decisions(deployment, "2019"))
    deployment.run("first")
    return deployment


@pytest.fixture(scope="module")
def second(first: Deployment) -> Deployment:
    """An incremental run: the period decision changed, the press release withdrawn, People's Daily deleted."""
    first.write(
        *decisions(first, "2018"),
        record(
            "withdraw-press",
            "withdraw",
            f"{{document: {first.ids[PRESS][:16]}}}",
            "retracted",
            "{effective: 2025-12-31}",
        ),
    )
    (first.raw / PEOPLES_DAILY).unlink()
    (first.raw / (PEOPLES_DAILY + ".meta.yaml")).unlink()
    first.run("second")
    return first


@pytest.fixture(scope="module")
def third(second: Deployment) -> Deployment:
    second.run("third", "--force")
    return second


def period_of(d: Deployment, fact) -> list[tuple]:
    return d.query(
        "select period_key from fct_observation where document_id = ? and char_start = ? and char_end = ?",
        [fact.document_id, fact.start, fact.end],
    )


def test_a_set_period_changes_the_marts_and_says_so(first: Deployment):
    assert period_of(first, first.oil) == [("2019",)]
    rows = first.query(
        """select corrected, correction_id, correction_reason from intermediate.int_corrected_facts
           where document_id = ? and char_start = ?""",
        [first.oil.document_id, first.oil.start],
    )
    assert rows == [(True, "set-oil-period", "the capacity of that year")]
    marked = first.query(
        """select m.correction_id, m.period_key from mart_corrected_observations m
           join fct_observation o using (observation_id) where o.document_id = ? and o.char_start = ?""",
        [first.oil.document_id, first.oil.start],
    )
    assert marked == [("set-oil-period", "2019")]
    raw = first.query(
        "select period_label from raw.facts where document_id = ? and start = ?",
        [first.oil.document_id, first.oil.start],
    )
    assert raw and raw[0][0] != "2019"  # raw.facts is never changed


def test_a_rejected_fact_leaves_the_marts_but_not_raw_facts(first: Deployment):
    f = first.rejected
    span = [f.document_id, f.start, f.end]
    assert first.query(
        "select count(*) from fct_observation where document_id = ? and char_start = ? and char_end = ?", span
    ) == [(0,)]
    assert (
        first.query('select count(*) from raw.facts where document_id = ? and start = ? and "end" = ?', span)[0][0] >= 1
    )


def test_an_added_fact_appears_with_its_evidence(first: Deployment):
    rows = first.query(
        """select value, unit, period_key, evidence_text, position('156项' in sentence) > 0, confidence
           from fct_observation where document_id = ? and char_start = ?""",
        [first.ids[ARTICLE], first.added_start],
    )
    assert rows == [(156.0, "项", "1953-1957", "156项", True, 1.0)]


def test_explaining_the_2800_vs_2100_conflict_moves_it_from_open_to_explained(first: Deployment):
    rows = first.query(
        """select review_status, explanation, explained_by from mart_conflict_reviews
           where list_sort([observation_id_a, observation_id_b]) = list_sort([?, ?])""",
        [first.text_2800.fact_id, first.table_2100.fact_id],
    )
    assert rows == [("explained", "Table 1 typo, text governs", "e2e")]
    assert first.query(
        "select count(*) from mart_conflict_reviews where review_status = 'open' and verdict = 'real conflict'"
    ) == [(0,)]
    status = run_cli(first.env, "status")
    assert "explained by a reviewed correction" in status.stdout


def test_an_alias_links_every_fact_with_that_phrase(first: Deployment):
    rows = first.query("select distinct indicator_key from fct_observation where subject = ?", [first.px.subject])
    assert rows == [("production_capacity",)]


def test_an_orphaned_and_an_unreadable_correction_are_reported(first: Deployment):
    rows = dict(first.query("select correction_id, status from mart_corrections"))
    assert rows["orphan-1"] == "orphaned" and rows["unreadable"] == "invalid"
    assert all(
        rows[i] == "applied" for i in ("set-oil-period", "reject-class", "add-156", "explain-mva-2025", "alias-px")
    )
    assert "corrections_apply" in first.run_output["first"]  # a WARN of the quality checks
    review = run_cli(first.env, "review")
    assert review.returncode == 0, review.stderr
    assert "orphan-1" in review.stdout and "decisions.yaml, line" in review.stdout


def test_review_lists_items_with_the_figure_marked_and_writes_a_self_contained_page(first: Deployment):
    # CPU time of the whole command (interpreter, imports, queries): the wall time also counts the waits of a
    # machine shared with other builds, which say nothing about the command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = run_cli(first.env, "review")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert done.returncode == 0 and cpu < 2.0, (cpu, done.stderr)
    assert "== low-confidence fact" in done.stdout and "【" in done.stdout and "act on: " in done.stdout
    # a doubted fact shows why, beside the id to act on; a rejected one is no longer a question
    doubted = first.doubted
    assert f"confidence {doubted.confidence:.2f} ({doubted.confidence_reason})" in done.stdout
    assert f"act on: {ref(doubted)}" in done.stdout
    assert first.rejected.confidence < REVIEW_THRESHOLD and ref(first.rejected) not in done.stdout
    # the queue in SQL: the published warehouse keeps each fact's reason on raw.facts
    queue = run_cli(
        first.env,
        "sql",
        "--csv",
        "select f.confidence_reason from fct_observation o join raw.facts f on f.fact_id = o.observation_id "
        f"where o.confidence < {REVIEW_THRESHOLD} and o.char_start = {doubted.start} and o.char_end = {doubted.end}",
    )
    assert queue.returncode == 0 and doubted.confidence_reason in queue.stdout, queue.stderr
    html = run_cli(first.env, "review", "--format", "html")
    assert html.returncode == 0, html.stderr
    page = (first.root / "warehouse" / "quality" / "review.html").read_text(encoding="utf-8")
    assert "<mark>" in page and "<script" not in page and "http" not in page.split("</style>")[0]


def test_a_changed_correction_shows_after_the_next_run(second: Deployment):
    # incremental unless the shared tree's code changed meanwhile; tests/corrections/test_incremental.py
    # checks the incremental build itself
    assert period_of(second, second.oil) == [("2018",)]


def test_a_removed_and_a_withdrawn_document_leave_the_marts_but_not_earlier_as_of_views(second: Deployment):
    gone, withdrawn = second.ids[PEOPLES_DAILY], second.ids[PRESS]
    for doc in (gone, withdrawn):
        assert second.query("select count(*) from fct_observation where document_id = ?", [doc]) == [(0,)]
        assert second.query("select count(*) from raw.facts where document_id = ?", [doc])[0][0] > 0
    yesterday = date.today() - timedelta(days=1)
    seen = dict(second.query("select document_id, count(*) from observations_as_of(?) group by 1", [yesterday]))
    assert seen.get(gone, 0) > 0 and withdrawn not in seen  # the press release left on 2025-12-31
    seen_2025 = dict(second.query("select document_id, count(*) from observations_as_of(DATE '2025-10-15') group by 1"))
    assert seen_2025.get(withdrawn, 0) > 0 and seen_2025.get(gone, 0) > 0
    assert second.query("select count(*) from observations_as_of(current_date) where document_id = ?", [gone]) == [(0,)]
    status = run_cli(second.env, "status")
    assert f"{gone[:16]}  {PEOPLES_DAILY}  removed since" in status.stdout
    assert f"{withdrawn[:16]}  {PRESS}  withdrawn since 2025-12-31" in status.stdout


def test_every_decision_survives_a_forced_re_extraction(third: Deployment):
    assert period_of(third, third.oil) == [("2018",)]
    f = third.rejected
    assert third.query(
        "select count(*) from fct_observation where document_id = ? and char_start = ?", [f.document_id, f.start]
    ) == [(0,)]
    assert third.query("select count(*) from fct_observation where evidence_text = '156项'") == [(1,)]
    assert third.query("select count(*) from fct_observation where document_id = ?", [third.ids[PEOPLES_DAILY]]) == [
        (0,)
    ]
    assert third.query("select review_status from mart_conflict_reviews where verdict = 'real conflict'") == [
        ("explained",)
    ]
