"""Score the extractor on the real-release development corpus (bench/real/).

usage: .venv/bin/python bench/score_real.py [--corpus bench/real] [--only r01,r02] [--set SET] [-v]

SET is a manifest set: dev, holdout, holdout2, holdout3, holdout4, holdout5 or holdout6; several, comma-separated, are
scored together (--set dev,holdout,holdout2 pools the sets the rules are tuned on).

The corpus is a manifest (committed), hand annotations (committed, one JSON-lines file per document) and the
third-party texts themselves (git-ignored, bench/real/texts/<id>.txt; see bench/real/README.md). Whatever part of
the texts is present is scored; a missing text is skipped and counted, a text whose sha256 differs from the
manifest is skipped with a warning (the annotations' offsets would point at other characters).

Each present, annotated document is read the way `mfgstats extract FILE` reads a file with a sidecar (a sidecar
is written from the manifest: published date, region, type) and extracted with the catalogs. Then:

- recall: an annotated fact is found when an extracted fact of the document overlaps its evidence span and its
  value agrees after unit normalisation (the catalog's units: 1.8万家 = 18000 家; magnitudes, so 下降6.7% is found
  whether the extractor writes -6.7 or 6.7 with direction down);
- precision: every extracted fact inside an annotated region is judged; it is right when it matches an annotated
  fact in the same way (overlap, value, unit family), wrong otherwise;
- agreement, on the found facts: status, period (start and end), region (same name or same catalog code),
  sign (annotations carry signed values; an extracted value is negative when it is or when its direction is down)
  and measure.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from shutil import copyfile

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "bench" / "real"

# Manifest kind → the sidecar's document type (mfgstats.ingest.sidecar.DOC_TYPES).
DOC_TYPE = {
    "bulletin": "bulletin",
    "monthly": "press_release",
    "news": "article",
    "work_report": "other",
    "plan": "plan",
    "table": "other",
}
# The manifest's set column (bench/real/README.md).
SETS = ("dev", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6")
AGREEMENTS = ("status", "period", "region", "sign", "measure")
FACT_KEYS = ("start", "end", "text", "value", "unit", "measure", "status", "period_start", "period_end", "region")


class CorpusError(Exception):
    """A manifest or annotation file that cannot be read; the message names the file and what to do."""


@dataclass
class Entry:
    id: str
    kind: str
    published: str
    region: str
    title: str
    publisher: str
    url: str
    sha256: str
    set: str = ""  # the manifest's set column: dev (rules were tuned on it) or a holdout set; optional


@dataclass
class Judged:
    """One document's score: counts, and the facts behind every disagreement for -v."""

    id: str
    kind: str
    region: str = ""  # the document's region (manifest)
    annotated: int = 0
    found: int = 0
    judged: int = 0
    right: int = 0
    strict: int = 0  # right and agreeing on status and period (the "right in value, unit, status and period")
    outside: int = 0  # extracted facts outside the annotated regions (not judged)
    agree: Counter = field(default_factory=Counter)  # field → found facts that agree on it
    asked: Counter = field(default_factory=Counter)  # field → found facts where it can be judged
    misses: list[dict] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)
    disagreements: list[tuple[str, dict, dict]] = field(default_factory=list)  # (field, gold, extracted)
    # every judged fact with what it gets wrong against its closest annotation: () when right in value, unit and
    # every agreement, ("value",) when it matches no annotation (bench/calibrate.py reads it)
    verdicts: list[tuple[dict, tuple[str, ...]]] = field(default_factory=list)

    def add(self, other: Judged) -> None:
        for name in ("annotated", "found", "judged", "right", "strict", "outside"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.agree.update(other.agree)
        self.asked.update(other.asked)
        self.misses += other.misses
        self.wrong += other.wrong
        self.disagreements += other.disagreements
        self.verdicts += other.verdicts

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.judged if self.judged else 1.0

    @property
    def strict_precision(self) -> float:
        return self.strict / self.judged if self.judged else 1.0

    def rate(self, name: str) -> float:
        return self.agree[name] / self.asked[name] if self.asked[name] else 1.0


# ---------------------------------------------------------------- matching (pure; tests/bench/test_score_real.py)


class Units:
    """Unit normalisation through the catalog's units (units.csv); a unit it does not know is its own family."""

    def __init__(self, catalog) -> None:
        self._catalog = catalog

    def base(self, value: float, unit: str | None) -> tuple[str, float]:
        spelled = (unit or "").strip()
        known = self._catalog.unit(spelled) if spelled else None
        if known is None:
            return ("as stated:" + spelled, abs(value))
        return (known.family, abs(value) * known.factor_to_base)


def _agrees(a: tuple[str, float], b: tuple[str, float]) -> bool:
    (fa, va), (fb, vb) = a, b
    return fa == fb and abs(va - vb) <= 1e-6 * max(abs(va), abs(vb), 1.0)


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def signed(fact: dict) -> float:
    """The value with its sign: negative when stated negative or when the direction is down (下降6.7%)."""
    value = float(fact["value"])
    return -abs(value) if value < 0 or fact.get("direction") == "down" else value


def _same_region(gold: str | None, got: str | None, catalog) -> bool:
    if (gold or "") == (got or ""):
        return True
    if not gold or not got:
        return False
    a, b = catalog.region(gold), catalog.region(got)
    return a is not None and b is not None and a.code == b.code


def _agreement(name: str, gold: dict, got: dict, catalog) -> bool | None:
    """Whether an extracted fact agrees with the annotation on one field; None when the field cannot be judged."""
    if name == "status":
        return got.get("status") == gold["status"]
    if name == "period":
        return (str(got.get("period_start")), str(got.get("period_end"))) == (
            str(gold["period_start"]),
            str(gold["period_end"]),
        )
    if name == "region":
        return _same_region(gold["region"], got.get("region"), catalog)
    if name == "sign":
        if float(gold["value"]) == 0:
            return None
        return (signed(got) < 0) == (float(gold["value"]) < 0)
    if name == "measure":
        return got.get("measure") == gold["measure"]
    raise ValueError(name)


def score_document(
    entry_id: str, kind: str, regions: list[tuple[int, int]], gold: list[dict], got: list[dict], catalog
) -> Judged:
    """Recall, precision and agreement of one document's extracted facts (`got`) against its annotations."""
    units = Units(catalog)
    result = Judged(entry_id, kind, annotated=len(gold))
    gold_base = [units.base(float(g["value"]), g["unit"]) for g in gold]
    got_base = [units.base(float(p["value"]), p.get("unit")) for p in got]
    for g, gb in zip(gold, gold_base, strict=True):
        hit = next(
            (p for p, pb in zip(got, got_base, strict=True) if _overlaps(p, g) and _agrees(pb, gb)),
            None,
        )
        if hit is None:
            result.misses.append(g)
            continue
        result.found += 1
        for name in AGREEMENTS:
            verdict = _agreement(name, g, hit, catalog)
            if verdict is None:
                continue
            result.asked[name] += 1
            if verdict:
                result.agree[name] += 1
            else:
                result.disagreements.append((name, g, hit))
    for p, pb in zip(got, got_base, strict=True):
        if not any(start <= p["start"] and p["end"] <= end for start, end in regions):
            result.outside += 1
            continue
        result.judged += 1
        matches = [g for g, gb in zip(gold, gold_base, strict=True) if _overlaps(p, g) and _agrees(pb, gb)]
        if not matches:
            result.wrong.append(p)
            result.verdicts.append((p, ("value",)))
            continue
        result.right += 1
        if any(_agreement("status", g, p, catalog) and _agreement("period", g, p, catalog) for g in matches):
            result.strict += 1
        result.verdicts.append((p, min((_disagreeing(g, p, catalog) for g in matches), key=len)))
    return result


def _disagreeing(gold: dict, got: dict, catalog) -> tuple[str, ...]:
    """The agreements (AGREEMENTS) an extracted fact fails against one annotation it matches in value."""
    return tuple(name for name in AGREEMENTS if _agreement(name, gold, got, catalog) is False)


# ---------------------------------------------------------------- reading the corpus


def read_manifest(corpus: Path) -> list[Entry]:
    path = corpus / "manifest.csv"
    if not path.is_file():
        raise CorpusError(f"{path}: no manifest; point --corpus at the folder that holds manifest.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = {f for f in Entry.__dataclass_fields__}
    entries = []
    for line, row in enumerate(rows, start=2):
        missing = sorted(n for n in names if not (row.get(n) or "").strip() and n not in ("url", "set"))
        if missing:
            raise CorpusError(f"{path}:{line}: {', '.join(missing)} empty; fill them in")
        if row["kind"] not in DOC_TYPE:
            raise CorpusError(f"{path}:{line}: kind {row['kind']!r} is not one of {', '.join(DOC_TYPE)}")
        entries.append(Entry(**{n: (row.get(n) or "").strip() if n == "set" else row[n] for n in names}))
    return entries


def read_annotations(path: Path, text: str) -> tuple[list[tuple[int, int]], list[dict]]:
    """The annotated regions (first line) and facts of one document, each checked against the text."""
    regions: list[tuple[int, int]] | None = None
    facts: list[dict] = []
    with path.open(encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{line_no}: not JSON ({exc.msg}); fix the line") from None
            if line_no == 1:
                if "regions" not in record:
                    raise CorpusError(f"{path}:1: the first line must declare the annotated regions")
                regions = [(int(a), int(b)) for a, b in record["regions"]]
                continue
            lacking = [k for k in FACT_KEYS if k not in record]
            if lacking:
                raise CorpusError(f"{path}:{line_no}: fact lacks {', '.join(lacking)}")
            if text[record["start"] : record["end"]] != record["text"]:
                raise CorpusError(
                    f"{path}:{line_no}: text[{record['start']}:{record['end']}] is "
                    f"{text[record['start'] : record['end']]!r}, not {record['text']!r}; the offsets are wrong"
                )
            if not any(a <= record["start"] and record["end"] <= b for a, b in regions or ()):
                raise CorpusError(f"{path}:{line_no}: {record['text']!r} lies outside the annotated regions")
            facts.append(record)
    if regions is None:
        raise CorpusError(f"{path}: empty; the first line must declare the annotated regions")
    return regions, facts


def extract_entry(entry: Entry, text_path: Path, catalog) -> list[dict]:
    """The facts `mfgstats extract` prints for this text with a sidecar written from the manifest."""
    import yaml

    from mfgstats.cli.extract import load
    from mfgstats.extract import extract

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / text_path.name
        copyfile(text_path, path)
        sidecar = {
            "title": entry.title,
            "publisher": entry.publisher,
            "published": entry.published,
            "region": entry.region,
            "type": DOC_TYPE[entry.kind],
        }
        if entry.url:
            sidecar["url"] = entry.url
        Path(f"{path}.meta.yaml").write_text(yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")
        document = load(path, None)
    return [fact.json() for fact in extract(document, catalog)]


@dataclass
class Run:
    listed: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unannotated: list[str] = field(default_factory=list)
    documents: list[Judged] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


def score_corpus(corpus: Path, only: set[str] | None = None, subset: str | frozenset[str] | None = None) -> Run:
    """subset: a set name, or several (the documents of any of them), or None for every document."""
    from mfgstats.catalog import load_catalog

    catalog = load_catalog()
    run = Run()
    wanted = frozenset((subset,)) if isinstance(subset, str) else subset
    for entry in read_manifest(corpus):
        if (only and entry.id not in only) or (wanted and entry.set not in wanted):
            continue
        run.listed += 1
        text_path = corpus / "texts" / f"{entry.id}.txt"
        if not text_path.is_file():
            run.missing.append(entry.id)
            continue
        data = text_path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            run.changed.append(entry.id)
            continue
        notes = corpus / "annotations" / f"{entry.id}.jsonl"
        if not notes.is_file():
            run.unannotated.append(entry.id)
            continue
        text = data.decode("utf-8")
        run.texts[entry.id] = text
        regions, gold = read_annotations(notes, text)
        got = extract_entry(entry, text_path, catalog)
        judged = score_document(entry.id, entry.kind, regions, gold, got, catalog)
        judged.region = entry.region
        run.documents.append(judged)
    return run


# ---------------------------------------------------------------- report


def _row(label: str, s: Judged) -> str:
    def rate(value: float, denominator: int) -> str:
        return f"{value:6.3f}" if denominator else f"{'-':>6s}"

    rates = "  ".join(rate(s.rate(n), s.asked[n]) for n in AGREEMENTS)
    return (
        f"{label:12s} {s.annotated:5d} {s.found:5d} {rate(s.recall, s.annotated)}  {s.judged:5d} {s.right:5d} "
        f"{rate(s.precision, s.judged)} {rate(s.strict_precision, s.judged)}  {rates}"
    )


def _sentence(text: str, start: int, end: int) -> str:
    stops = "。；;\n"
    left = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()[:160]


def grain(start: object, end: object) -> str:
    """The period grain of a start and end date: year, half, quarter, month, ytd, day, multi-year, to date …"""
    if not start or not end:
        return "none"
    a, b = date.fromisoformat(str(start)), date.fromisoformat(str(end))
    month_end = (b + timedelta(days=1)).day == 1
    if a == b:
        return "day"
    if a.year != b.year:
        return "multi-year" if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) else "span to a day"
    if a.day != 1 or not month_end:
        return "span in a year"
    months = b.month - a.month + 1
    if months == 12:
        return "year"
    if months == 1:
        return "month"
    if months == 6 and a.month in (1, 7):
        return "half"
    if months == 3 and a.month in (1, 4, 7, 10):
        return "quarter"
    return "year to date" if a.month == 1 else "months"


def error_classes(run: Run, catalog) -> Counter:
    """Misses, wrong facts and disagreements grouped into the classes a rule would fix, with one example each."""
    classes: Counter = Counter()
    examples: dict[str, str] = {}

    def add(key: str, doc: str, fact: dict) -> None:
        classes[key] += 1
        examples.setdefault(key, f"{doc} {fact['text']!r}")

    for doc in run.documents:
        text = run.texts[doc.id]
        for g in doc.misses:
            add(_miss_class(g, text, catalog), doc.id, g)
        for p in doc.wrong:
            add(_wrong_class(p, text), doc.id, p)
        for name, g, p in doc.disagreements:
            if name == "period":
                want = grain(g["period_start"], g["period_end"])
                have = grain(p.get("period_start"), p.get("period_end"))
                key = f"period: {want} read as " + (f"another {have}" if want == have else have)
            elif name == "sign":
                key = "sign: a decline read as a rise" if float(g["value"]) < 0 else "sign: a rise read as a decline"
            elif name == "region":
                key = (
                    "region: another place's figure given the document's region"
                    if p.get("region") == doc.region
                    else "region: the document's figure given another region"
                )
            else:
                key = f"{name}: {g[name]} read as {p.get(name)}"
            add(key, doc.id, g)
    return Counter({f"{key}  (e.g. {examples[key]})": n for key, n in classes.items()})


def _miss_class(g: dict, text: str, catalog) -> str:
    evidence = g["text"]
    line_start = text.rfind("\n", 0, g["start"]) + 1
    if catalog.unit(g["unit"]) is None:
        return f"missed: unit unknown to the catalog ({g['unit']})"
    if g["unit"] == "名次":
        return "missed: rank or change of rank (第N位, 首位, 前移N位)"
    if text[line_start : line_start + 1] == "|":
        return "missed: table cell (unit in the header)"
    if evidence.replace(".", "").isdigit() and ":" in text[g["start"] - 1 : g["end"] + 1]:
        return "missed: term of a ratio of structure (a:b:c)"
    if "(" in evidence:
        return "missed: mirror noise inside the evidence (pinyin or characters in parentheses)"
    if "·" in evidence or " " in evidence:
        return "missed: odd number form (1·8%, spaced digits)"
    if "、" in evidence or "和" in evidence:
        return "missed: member of an enumeration sharing one unit"
    return f"missed: other ({g['measure']})"


def _wrong_class(p: dict, text: str) -> str:
    after = text[p["end"] : p["end"] + 8]
    if p.get("unit") in ("个", "個") and "百分" in after:
        return "wrong: 个 of 个百分点 read as a count"
    if p.get("unit") == "位":
        return "wrong: a rank or change of rank read as a count of 位"
    if p["text"].endswith("级") or after.startswith("以上"):
        return "wrong: a tier or threshold read as an amount (千亿级, 1000万元以上)"
    if not any(c.isdigit() for c in p["text"]):
        return "wrong: a word with a Chinese numeral read as a figure (三个部分, 六部门, 过半)"
    return f"wrong: other ({p.get('measure')}, {p.get('unit')})"


def _period(fact: dict) -> str:
    return f"{fact.get('period_start')}..{fact.get('period_end')}"


def report(run: Run, catalog, verbose: bool) -> list[str]:
    present = run.listed - len(run.missing) - len(run.changed)
    out = [
        f"{present} of {run.listed} texts present ({len(run.missing)} missing, {len(run.changed)} changed since "
        f"the manifest); {len(run.documents)} annotated and scored, {len(run.unannotated)} present but not "
        "annotated"
    ]
    if run.changed:
        out.append(f"  changed (skipped): {', '.join(run.changed)}")
    header = (
        f"{'document':12s} {'facts':>5s} {'found':>5s} {'recall':>6s}  {'judgd':>5s} {'right':>5s} {'prec':>6s} "
        f"{'strict':>6s}  " + "  ".join(f"{n:>6s}" for n in AGREEMENTS)
    )
    out.append(header)
    by_kind: dict[str, Judged] = defaultdict(lambda: Judged("", ""))
    total = Judged("", "")
    for doc in run.documents:
        out.append(_row(f"{doc.id} {doc.kind[:8]}", doc))
        by_kind[doc.kind].add(doc)
        total.add(doc)
    out.append(header)
    for kind in sorted(by_kind):
        out.append(_row(kind, by_kind[kind]))
    out.append(_row("overall", total))
    out.append(f"({total.outside} extracted facts lay outside the annotated regions and were not judged)")
    out.append("error classes (count, class, first example):")
    out += [f"  {n:4d}  {key}" for key, n in error_classes(run, catalog).most_common(None if verbose else 25)]
    if verbose:
        for doc in run.documents:
            text = run.texts[doc.id]
            for g in doc.misses:
                out.append(
                    f"  {doc.id} MISSED {g['text']!r} {g['value']} {g['unit']} ({g['measure']}, "
                    f"{g['status']}, {_period(g)}, {g['region']})  | {_sentence(text, g['start'], g['end'])}"
                )
            for p in doc.wrong:
                out.append(
                    f"  {doc.id} WRONG  {p['text']!r} {p['value']} {p['unit']} {p['measure']} "
                    f"{p['start']}-{p['end']}  | {_sentence(text, p['start'], p['end'])}"
                )
            for name, g, p in doc.disagreements:
                want, have = _field(name, g), _field(name, p)
                out.append(
                    f"  {doc.id} {name.upper():7s} {g['text']!r}: annotated {want}, extracted {have}  "
                    f"| {_sentence(text, g['start'], g['end'])}"
                )
    return out


def _field(name: str, fact: dict) -> str:
    if name == "period":
        return _period(fact)
    if name == "sign":
        return f"{signed(fact):g}"
    return str(fact.get(name))


def _set_names(value: str) -> frozenset[str]:
    """--set dev,holdout → the set names, each one of SETS."""
    names = frozenset(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(names - set(SETS))
    if not names or unknown:
        raise argparse.ArgumentTypeError(f"{value!r}: name one or more of {', '.join(SETS)}, comma-separated")
    return names


def run_from_command_line(prog: str, description: str, verbose_help: str) -> tuple[Run, bool] | int:
    """Parse --corpus, --only and -v, score the corpus: (the run, verbose), or the exit code after an error that
    names the file (bench/calibrate.py reads the corpus the same way)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with manifest.csv")
    parser.add_argument("--only", help="comma-separated document ids")
    parser.add_argument(
        "--set",
        type=_set_names,
        help=f"only the documents of this set, or of these comma-separated sets ({', '.join(SETS)}; default: all)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
    args = parser.parse_args()
    from mfgstats.catalog import CatalogError

    try:
        only = set(args.only.split(",")) if args.only else None
        return score_corpus(args.corpus, only, args.set), args.verbose
    except CorpusError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
    except CatalogError as exc:  # units and regions are compared through the catalog: no score without it
        print(f"{prog}: the catalogs cannot be read, so units cannot be compared: {exc}", file=sys.stderr)
    return 2


def main() -> int:
    scored = run_from_command_line("score_real", __doc__.splitlines()[0], "list misses, wrong facts and disagreements")
    if isinstance(scored, int):
        return scored
    from mfgstats.catalog import load_catalog

    run, verbose = scored
    print("\n".join(report(run, load_catalog(), verbose)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
