"""`mfgstats review` lists the facts below the review threshold with their sentence and the reason the extractor
gave for its doubt (raw.facts.confidence_reason), on a warehouse written here: rows in → items out."""

from __future__ import annotations

import duckdb
import pytest

from mfgstats.corrections.review import collect

SENTENCE = "到2025年，全市规上工业企业达到2000家，高于全省(5.1%)。"

# observation id, confidence, reason on raw.facts, evidence → listed?
ROWS = [
    ("a", 0.45, "period from an earlier paragraph or heading; a target dated from another sentence", "2000家", True),
    ("b", 0.07, "figure in parentheses; another place's figure", "5.1%", True),
    ("c", 0.6, None, "2000家", True),  # a fact the extractor gave no reason for still waits for a reader
    ("d", 0.94, "period from an earlier sentence", "2000家", False),
    ("e", 1.0, None, "2000家", False),  # reviewed: a correction sets the confidence to 1
]


def _warehouse(path, with_reason: bool = True) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA raw")
        con.execute(
            """CREATE TABLE main.fct_observation (observation_id VARCHAR, document_id VARCHAR, char_start INTEGER,
                char_end INTEGER, value DOUBLE, unit VARCHAR, sentence VARCHAR, sentence_start INTEGER,
                evidence_text VARCHAR, file_path VARCHAR, confidence DOUBLE, subject VARCHAR, period_key VARCHAR,
                status VARCHAR, indicator_key VARCHAR, region_key VARCHAR, region_name VARCHAR)"""
        )
        con.execute(
            "CREATE TABLE main.dim_source (document_id VARCHAR, title VARCHAR, publisher VARCHAR, published_on DATE)"
        )
        reason_column = ", confidence_reason VARCHAR" if with_reason else ""
        con.execute(f"CREATE TABLE raw.facts (fact_id VARCHAR, confidence DOUBLE{reason_column})")
        con.execute("INSERT INTO main.dim_source VALUES ('d1', '洛阳市工业发展报告', '洛阳市统计局', '2025-09-30')")
        for ident, confidence, reason, evidence, _ in ROWS:
            start = SENTENCE.index(evidence)
            con.execute(
                "INSERT INTO main.fct_observation VALUES (?, 'd1', ?, ?, ?, '家', ?, 0, ?, 'report.txt', ?, "
                "'规上工业企业', '2025', 'target', 'indicator:x', 'region:410300', '洛阳市')",
                [ident, start, start + len(evidence), float(evidence.rstrip("家%")), SENTENCE, evidence, confidence],
            )
            values = [ident, confidence, reason] if with_reason else [ident, confidence]
            con.execute(f"INSERT INTO raw.facts VALUES ({', '.join('?' * len(values))})", values)


@pytest.mark.parametrize("with_reason", [True, False], ids=["reasons", "warehouse before reasons"])
def test_facts_below_the_threshold_are_listed_with_sentence_and_reason(tmp_path, with_reason):
    path = tmp_path / "w.duckdb"
    _warehouse(path, with_reason)
    with duckdb.connect(str(path), read_only=True) as con:
        items = [i for i in collect(con) if i.kind == "low_confidence"]
    listed = {row[0] for row in ROWS if row[4]}
    assert len(items) == len(listed)
    by_confidence = sorted((row for row in ROWS if row[4]), key=lambda row: row[1])  # least sure first
    for item, (_, confidence, reason, evidence, _) in zip(items, by_confidence, strict=True):
        assert item.title.startswith(f"confidence {confidence:.2f} (")
        assert (reason if with_reason and reason else "no reason recorded") in item.title
        assert f"【{evidence}】" in item.sentence
        assert item.suggestion.startswith("mfgstats correct set d1:")
        assert f"or mfgstats correct set {item.act_on} --status target --reason" in item.suggestion  # confirm
