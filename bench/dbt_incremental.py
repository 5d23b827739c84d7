"""Cost of the dbt models as the corpus grows: a full `dbt build` over N documents against an incremental
`dbt run` after one more document arrives (and one `--full-refresh` run for comparison).

usage: .venv/bin/python bench/dbt_incremental.py [--docs 2000] [--facts-per-doc 40] [--keep DIR]

Documents and facts are synthetic (written with the loader's write_raw, no extraction): each document is a
bulletin restating a handful of catalogued series for its year and the years before, so the marts have real
joins to do (many sources per series and period, as in a real corpus). Prints wall
seconds of each dbt invocation and the ratios; dbt's own start-up (~5 s here) is part of every number.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb

from mfgstats.config import PROJECT_ROOT
from mfgstats.records import Document, Fact
from mfgstats.warehouse.load import write_raw

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
SERIES = [  # (subject, unit, measure, chain)
    ("规上工业企业数量", "家", "level", None),
    ("制造业增加值", "亿元", "level", None),
    ("规上工业增加值", "%", "growth", None),
    ("规上制造业营业收入利润率", "%", "share", None),
    ("营业收入", "亿元", "level", "先进装备制造"),
    ("营业收入", "亿元", "level", "新材料"),
    ("上市公司数量", "家", "level", None),
    ("进出口总额", "亿元", "level", None),
]


def make_document(i: int, facts_per_doc: int) -> tuple[Document, list[Fact]]:
    """A bulletin for one year restating each series for that year and the years before (values agree across
    documents, except that every 50th document disagrees on one value: a conflict to find)."""
    year = 2000 + i % 25
    facts = []
    sentences = []
    offset = 0
    for k in range(facts_per_doc):
        subject, unit, measure, chain = SERIES[k % len(SERIES)]
        fact_year = year - k // len(SERIES)
        value = round(100 + (fact_year * 37 + (k % len(SERIES)) * 101) % 900 + 0.1 * (k % len(SERIES)), 1)
        if i % 50 == 0 and k == 0:
            value += 17
        number = f"{value}{unit}"
        sentence = f"{fact_year}年，全市{chain or ''}{subject}达到{number}。"
        start = offset + sentence.index(number)
        facts.append((start, number, value, unit, measure, subject, chain, sentence, offset, k, fact_year))
        sentences.append(sentence)
        offset += len(sentence)
    doc = Document(
        document_id=f"{i:064x}",
        file=f"bench/{i:06d}.txt",
        text="".join(sentences),
        title=f"统计公报 {i}",
        publisher="洛阳市统计局",
        published=date(year + 1, 3, 1 + i % 28),
        region="洛阳市",
        doc_type="bulletin",
        release_key=f"bulletin-{i // 2}",  # every second document is a revision of the one before
    )
    out = [
        Fact(
            document_id=doc.document_id,
            file=doc.file,
            start=start,
            end=start + len(number),
            text=number,
            value=value,
            unit=unit,
            measure=measure,
            basis="yoy" if measure == "growth" else None,
            status="target" if k % 11 == 10 else "actual",
            period_start=date(fact_year, 1, 1),
            period_end=date(fact_year, 12, 31),
            region="洛阳市",
            subject=subject,
            chain=chain,
            sentence=sentence,
            sentence_start=sentence_start,
        )
        for start, number, value, unit, measure, subject, chain, sentence, sentence_start, k, fact_year in facts
    ]
    return doc, out


def load(db: Path, first: int, count: int, facts_per_doc: int) -> None:
    con = duckdb.connect(str(db))
    try:
        batch = [make_document(i, facts_per_doc) for i in range(first, first + count)]
        write_raw(con, [d for d, _ in batch], [f for _, fs in batch for f in fs])
    finally:
        con.close()


def slowest(run_results: Path, n: int = 6) -> list[tuple[str, float]]:
    results = json.loads(run_results.read_text(encoding="utf-8"))["results"]
    return sorted(((r["unique_id"].split(".")[-1], r["execution_time"]) for r in results), key=lambda x: -x[1])[:n]


def dbt(args: list[str], db: Path, work: Path) -> float:
    env = {**os.environ, "MFGSTATS_BUILD_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=DBT_PROJECT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed:\n{done.stdout[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--facts-per-doc", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_dbt_"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "build.duckdb"
    db.unlink(missing_ok=True)
    try:
        t0 = time.perf_counter()
        load(db, 0, args.docs, args.facts_per_doc)
        print(
            f"loaded {args.docs} documents, {args.docs * args.facts_per_doc} facts in {time.perf_counter() - t0:.1f}s"
        )
        full = dbt(["build"], db, work)
        print(f"dbt build (first, all models and tests) : {full:7.1f}s")
        load(db, args.docs, 1, args.facts_per_doc)
        incremental = dbt(["run"], db, work)
        slow = slowest(work / "target" / "run_results.json")
        print(f"dbt run after one new document          : {incremental:7.1f}s")
        refresh = dbt(["run", "--full-refresh"], db, work)
        print(f"dbt run --full-refresh                  : {refresh:7.1f}s")
        print(f"ratio incremental / full-refresh run    : {incremental / refresh:7.2f}")
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.sql("select count(*) from fct_observation").fetchone()[0]
            pairs = con.sql("select count(*) from mart_conflicts").fetchone()[0]
        print(f"fct_observation rows {rows}, mart_conflicts rows {pairs}")
        print("slowest models of the incremental run:")
        for name, seconds in slow:
            print(f"  {name:40s} {seconds:6.2f}s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
