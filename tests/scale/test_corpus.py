"""The synthetic benchmark corpus: exact spans, a fixed order, every number form, files the pipeline accepts."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from corpus.schedule import corpus
from corpus.world import load_regions
from make_corpus import write_corpus
from recall import score

from mfgstats.config import settings
from mfgstats.ingest import discover, load_document
from mfgstats.pipeline import facts_of

FORMS = ["comparator", "enumeration", "multiple", "negative", "percent", "plain", "points", "range", "share", "table"]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(150, out)
    truth = [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, truth


def test_every_span_quotes_the_text(small):
    out, truth = small
    texts: dict[str, str] = {}
    for fact in truth:
        text = texts.setdefault(fact["file"], (out / "raw" / fact["file"]).read_text(encoding="utf-8"))
        assert text[fact["start"] : fact["end"]] == fact["text"]
        assert fact["value"] >= 0


@pytest.mark.parametrize("form", FORMS)
def test_every_number_form_occurs(small, form):
    _, truth = small
    assert Counter(f["form"] for f in truth)[form] > 0


@pytest.mark.parametrize(
    ("kind", "suffix", "doc_type"),
    [
        ("bulletin", ".txt", "bulletin"),
        ("monthly", ".txt", "bulletin"),
        ("article", ".txt", "article"),
        ("plan", ".txt", "plan"),
        ("table", ".csv", "table"),
    ],
)
def test_each_kind_of_release_loads_with_its_sidecar(small, kind, suffix, doc_type):
    out, _ = small
    regions = load_regions(settings().seeds_dir)
    release = next(r for r in corpus(regions, 400) if r.kind == kind)
    write_corpus(1, out / kind, start=corpus(regions, 400).index(release))
    path = out / kind / "raw" / release.file
    assert path.suffix == suffix
    doc = load_document(path, out / kind / "raw")
    assert doc.doc_type == doc_type and doc.region == release.region.name


def test_the_order_is_fixed_so_n_plus_one_extends_n(tmp_path):
    regions = load_regions(settings().seeds_dir)
    assert [r.file for r in corpus(regions, 40)] == [r.file for r in corpus(regions, 41)][:40]
    write_corpus(5, tmp_path / "a")
    write_corpus(4, tmp_path / "b")
    write_corpus(1, tmp_path / "b", start=4)
    files = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*.*"))
    assert files == sorted(p.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b").rglob("*.*"))
    assert (tmp_path / "a" / "truth.jsonl").read_text() == (tmp_path / "b" / "truth.jsonl").read_text()


def test_file_names_are_unique_beyond_the_core_set():
    regions = load_regions(settings().seeds_dir)
    files = [r.file for r in corpus(regions, 13000)]
    assert len(set(files)) == len(files)


def test_the_extractor_finds_what_the_corpus_states(small):
    """Recall through the same code the pipeline runs (ingest, then facts_of): nothing may be lost."""
    out, truth = small
    raw = out / "raw"
    predicted = []
    for path in discover(raw):
        predicted += [f.row() for f in facts_of(load_document(path, raw))]
    result = score(predicted, truth)
    assert result.recall >= 0.98, "\n".join(result.lines())
    assert result.unexpected <= 0.02 * result.predicted, "\n".join(result.lines())


def test_recall_scoring_rules():
    stated = [
        {
            "file": "a",
            "start": 0,
            "end": 5,
            "value": 1.8,
            "unit": "万家",
            "form": "wan_yi",
            "period_start": None,
            "period_end": None,
        }
    ]
    assert score([{"file": "a", "start": 2, "end": 6, "value": 18000, "unit": "家"}], stated).found == 1
    assert score([{"file": "a", "start": 5, "end": 9, "value": 1.8, "unit": "万家"}], stated).found == 0  # no overlap
    assert score([{"file": "b", "start": 0, "end": 5, "value": 1.8, "unit": "万家"}], stated).found == 0  # other file
    assert score([{"file": "a", "start": 0, "end": 5, "value": 1.9, "unit": "万家"}], stated).found == 0  # other value
