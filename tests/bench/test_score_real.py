"""bench/score_real.py: its matching rules on facts written here, and one run over a corpus made in tmp_path."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest
from score_real import CorpusError, grain, read_annotations, score_corpus, score_document, signed

from mfgstats.catalog import load_catalog

TEXT = "2023年全市规上工业企业达到1.8万家，规上工业增加值下降6.7%，占比35.2%。"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def gold(text: str, evidence: str, value: float, unit: str, **extra) -> dict:
    start = text.index(evidence)
    return {
        "start": start,
        "end": start + len(evidence),
        "text": evidence,
        "value": value,
        "unit": unit,
        "measure": extra.get("measure", "level"),
        "status": extra.get("status", "actual"),
        "period_start": extra.get("period_start", "2023-01-01"),
        "period_end": extra.get("period_end", "2023-12-31"),
        "region": extra.get("region", "洛阳市"),
        "subject": extra.get("subject", ""),
    }


def test_value_agrees_after_unit_normalisation_and_sign_follows_direction(catalog):
    count = gold(TEXT, "1.8万家", 18000, "家")
    decline = gold(TEXT, "6.7%", -6.7, "%", measure="growth")
    got = [
        {**count, "value": 1.8, "unit": "万家"},
        {**decline, "value": 6.7, "direction": "down", "region": "洛阳"},  # an alias of 洛阳市
    ]
    result = score_document("t", "news", [(0, len(TEXT))], [count, decline], got, catalog)
    assert (result.found, result.recall, result.judged, result.right) == (2, 1.0, 2, 2)
    assert result.rate("sign") == 1.0
    assert result.rate("region") == 1.0


def test_a_positive_decline_is_a_sign_error(catalog):
    decline = gold(TEXT, "6.7%", -6.7, "%", measure="growth")
    result = score_document("t", "news", [(0, len(TEXT))], [decline], [{**decline, "value": 6.7}], catalog)
    assert result.found == 1
    assert result.rate("sign") == 0.0
    assert [name for name, _, _ in result.disagreements] == ["sign"]


def test_unit_family_must_agree_and_unmatched_facts_inside_regions_are_wrong(catalog):
    share = gold(TEXT, "35.2%", 35.2, "%", measure="share")
    as_points = {**share, "unit": "百分点"}  # same digits, another family
    result = score_document("t", "news", [(0, len(TEXT))], [share], [as_points], catalog)
    assert (result.found, result.judged, result.right, len(result.wrong)) == (0, 1, 0, 1)
    assert result.misses == [share]


def test_facts_outside_the_annotated_regions_are_not_judged(catalog):
    share = gold(TEXT, "35.2%", 35.2, "%", measure="share")
    stray = gold(TEXT, "1.8万家", 1.8, "万家")
    region = (share["start"] - 2, share["end"])
    result = score_document("t", "news", [region], [share], [share, stray], catalog)
    assert (result.judged, result.right, result.outside) == (1, 1, 1)


def test_period_status_and_region_disagreements_are_counted_on_found_facts(catalog):
    fact = gold(TEXT, "35.2%", 35.2, "%", measure="share")
    got = {**fact, "period_start": "2023-01-01", "period_end": "2023-06-30", "status": "target", "region": "郑州市"}
    result = score_document("t", "news", [(0, len(TEXT))], [fact], [got], catalog)
    assert result.found == 1
    assert {name for name, _, _ in result.disagreements} == {"period", "status", "region"}
    assert result.rate("period") == result.rate("status") == result.rate("region") == 0.0


def test_signed_reads_negative_values_and_direction():
    assert signed({"value": -3.0}) == -3.0
    assert signed({"value": 3.0, "direction": "down"}) == -3.0
    assert signed({"value": 3.0, "direction": "up"}) == 3.0


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2023-01-01", "2023-12-31", "year"),
        ("2023-07-01", "2023-12-31", "half"),
        ("2023-04-01", "2023-06-30", "quarter"),
        ("2023-08-01", "2023-08-31", "month"),
        ("2023-01-01", "2023-08-31", "year to date"),
        ("2021-10-31", "2021-10-31", "day"),
        ("2021-01-01", "2025-12-31", "multi-year"),
        ("2021-01-01", "2025-09-30", "span to a day"),
        (None, None, "none"),
    ],
)
def test_grain_names_the_period_grain(start, end, expected):
    assert grain(start, end) == expected


def test_strict_precision_needs_status_and_period_too(catalog):
    fact = gold(TEXT, "35.2%", 35.2, "%", measure="share")
    early = {**fact, "period_end": "2023-06-30"}
    result = score_document("t", "news", [(0, len(TEXT))], [fact], [early], catalog)
    assert (result.precision, result.strict_precision) == (1.0, 0.0)


def _corpus(tmp_path, facts: list[dict], text: str = TEXT) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "annotations").mkdir()
    data = text.encode("utf-8")
    (tmp_path / "texts" / "t1.txt").write_bytes(data)
    fields = ["id", "title", "publisher", "published", "region", "kind", "url", "sha256"]
    with (tmp_path / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        row = {"title": "样例", "publisher": "测试", "published": "2024-03-20", "region": "洛阳市", "kind": "bulletin"}
        writer.writerow({**row, "id": "t1", "url": "", "sha256": hashlib.sha256(data).hexdigest()})
        writer.writerow({**row, "id": "t2", "url": "", "sha256": "0" * 64})  # its text is not there
    lines = [json.dumps({"regions": [[0, len(text)]]})] + [json.dumps(f, ensure_ascii=False) for f in facts]
    (tmp_path / "annotations" / "t1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_corpus_run_extracts_present_texts_and_counts_missing_ones(tmp_path):
    text = "2023年全市规模以上工业增加值增长5.2%。"
    _corpus(tmp_path, [gold(text, "5.2%", 5.2, "%", measure="growth")], text)
    run = score_corpus(tmp_path)
    assert (run.listed, run.missing, run.changed) == (2, ["t2"], [])
    [doc] = run.documents
    assert (doc.annotated, doc.found) == (1, 1)


def test_a_text_changed_since_the_manifest_is_skipped(tmp_path):
    _corpus(tmp_path, [])
    (tmp_path / "texts" / "t1.txt").write_text(TEXT + "补", encoding="utf-8")
    run = score_corpus(tmp_path)
    assert run.changed == ["t1"] and run.documents == []


def test_annotations_whose_offsets_miss_the_text_name_the_file(tmp_path):
    path = tmp_path / "a.jsonl"
    bad = {**gold(TEXT, "6.7%", -6.7, "%"), "start": 0}
    path.write_text(json.dumps({"regions": [[0, 10]]}) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.jsonl:2: .*offsets are wrong"):
        read_annotations(path, TEXT)


def test_every_judged_fact_has_a_verdict_naming_what_it_gets_wrong(catalog):
    share = gold(TEXT, "35.2%", 35.2, "%", measure="share")
    count = gold(TEXT, "1.8万家", 18000, "家")
    late = {**share, "period_end": "2023-06-30", "region": "郑州市"}
    stray = {**count, "value": 2.0, "unit": "万家"}
    result = score_document("t", "news", [(0, len(TEXT))], [share, count], [late, stray, count], catalog)
    assert [wrong for _, wrong in result.verdicts] == [("period", "region"), ("value",), ()]


def test_set_picks_the_documents_of_one_set_and_a_manifest_without_the_column_is_all_of_them(tmp_path):
    text = "2023年全市规模以上工业增加值增长5.2%。"
    _corpus(tmp_path, [gold(text, "5.2%", 5.2, "%", measure="growth")], text)
    path = tmp_path / "manifest.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[*rows[0], "set"])
        writer.writeheader()
        writer.writerows({**row, "set": "holdout" if row["id"] == "t1" else "dev"} for row in rows)
    held = score_corpus(tmp_path, subset="holdout")
    assert (held.listed, [d.id for d in held.documents]) == (1, ["t1"])
    dev = score_corpus(tmp_path, subset="dev")
    assert (dev.listed, dev.missing, dev.documents) == (1, ["t2"], [])
    assert score_corpus(tmp_path).listed == 2
    pooled = score_corpus(tmp_path, subset=frozenset({"dev", "holdout"}))
    assert (pooled.listed, pooled.missing, [d.id for d in pooled.documents]) == (2, ["t2"], ["t1"])


def test_set_names_pool_several_sets_and_refuse_an_unknown_one():
    import argparse

    from score_real import _set_names

    assert _set_names("dev, holdout,holdout2") == frozenset({"dev", "holdout", "holdout2"})
    for bad in ("dev,nosuchset", ",", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            _set_names(bad)
