"""Dump every fact the extractor gives on a fixed set of documents, to check that a speed change changes no output.

usage: .venv/bin/python bench/extract_equivalence.py --out A.json [--corpus DIR] [--compare B.json]

The documents: every text of bench/real/texts present (all sets, read as bench/score_real.py reads them), the seeds
of data/raw (each alone, with and without the catalog, and all concatenated as bench/extract.py extracts them as
one document), tests/extract/documents, and, with --corpus, a corpus written by `bench/make_corpus.py N --out DIR`
(its DIR/raw). Every fact is dumped with all its fields and its fact_id, one JSON document sorted by key, so two
dumps are compared byte for byte. With --compare, prints the first documents whose facts differ and exits 1 if any.

To check a change alone while others commit too, dump HEAD (a `git archive HEAD` snapshot, with
PYTHONPATH=SNAPSHOT/src) and the working tree, and compare the two.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from score_real import read_manifest  # noqa: E402  (a sibling script, not a package)

from mfgstats.catalog import load_catalog  # noqa: E402
from mfgstats.config import settings  # noqa: E402
from mfgstats.extract import extract  # noqa: E402
from mfgstats.ingest import discover, load_document  # noqa: E402


def _facts(facts) -> list[dict]:
    return [{"fact_id": f.fact_id, **f.json()} for f in facts]


def dump(corpus: Path | None) -> dict[str, list[dict]]:
    from score_real import extract_entry

    catalog = load_catalog()
    out: dict[str, list[dict]] = {}
    real = BENCH / "real"
    for entry in read_manifest(real):
        path = real / "texts" / f"{entry.id}.txt"
        if path.is_file():
            out[f"real/{entry.id}"] = extract_entry(entry, path, catalog)
    raw = settings().raw_dir
    seeds = [load_document(p, raw) for p in discover(raw)]
    for doc in seeds:
        out[f"seed/{doc.file}"] = _facts(extract(doc, catalog))
        out[f"seed-no-catalog/{doc.file}"] = _facts(extract(doc, None))
    big = replace(seeds[0], text="\n\n".join(d.text for d in seeds * 2), file="bench.txt")
    out["seeds-as-one"] = _facts(extract(big, catalog))
    sys.path.insert(0, str(BENCH.parent))  # the test documents with the dates and regions their tests give them
    from tests.extract.conftest import make_document
    from tests.extract.test_documents import DOCUMENTS, META

    for name, (published, region) in sorted(META.items()):
        text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
        out[f"fixture/{name}"] = _facts(extract(make_document(text, published, region), catalog))
    if corpus is not None:
        for p in discover(corpus / "raw"):
            doc = load_document(p, corpus / "raw")
            out[f"corpus/{doc.file}"] = _facts(extract(doc, catalog))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write the dump (JSON)")
    parser.add_argument("--corpus", type=Path, help="a folder written by bench/make_corpus.py (its raw/ is read)")
    parser.add_argument("--compare", type=Path, help="an earlier dump to compare with")
    args = parser.parse_args()
    facts = dump(args.corpus)
    args.out.write_text(json.dumps(facts, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    print(f"{args.out}: {len(facts)} documents, {sum(len(v) for v in facts.values()):,} facts")
    if args.compare is None:
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | facts.keys() if before.get(k) != facts.get(k))
    if args.compare.read_bytes() == args.out.read_bytes():
        print(f"identical to {args.compare}")
        return 0
    print(f"{len(differ)} documents differ from {args.compare}: {', '.join(differ[:20])}")
    for key in differ[:3]:
        old, new = before.get(key) or [], facts.get(key) or []
        for a, b in zip(old, new, strict=False):
            if a != b:
                print(f"  {key}: first difference\n    before {a}\n    after  {b}")
                break
        else:
            print(f"  {key}: {len(old)} facts before, {len(new)} after")
    return 1


if __name__ == "__main__":
    sys.exit(main())
