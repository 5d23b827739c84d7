"""Calibration of the extractor's confidence on the real-release corpus: is a fact at 0.9 right 9 times in 10?

usage: .venv/bin/python bench/calibrate.py [--corpus bench/real] [--only r01,r02] [--set SET[,SET…]] [-v]

Every fact the scorer judges (bench/score_real.py: extracted inside an annotated region) is right when it matches
an annotation in value and unit and agrees with it on status, period, region, sign and measure. The facts are
banded by confidence; each band shows how many were judged and the share right. The bar (issue 14): facts at or
above REVIEW_THRESHOLD are right at least 97 % of the time; the facts below go to the review queue
(`mfgstats review`). A second table groups the facts by the reasons the extractor gave for lowering their
confidence (`confidence_reason`). -v lists every wrong fact at or above the threshold with its sentence.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from score_real import run_from_command_line

from mfgstats.extract.confidence import REVIEW_THRESHOLD

BANDS = (0.5, 0.7, 0.8, 0.9, 0.95)  # lower edges of every band but the first: <0.5, 0.5–0.7, …, ≥0.95
BAR = 0.97  # share right required at or above the review threshold


@dataclass
class Band:
    label: str
    judged: int = 0
    right: int = 0
    wrong_on: Counter = field(default_factory=Counter)  # the field a wrong fact gets wrong → facts

    def add(self, wrong: tuple[str, ...]) -> None:
        self.judged += 1
        if wrong:
            self.wrong_on.update(wrong)
        else:
            self.right += 1

    @property
    def share(self) -> float | None:
        return self.right / self.judged if self.judged else None


def band_labels(edges: tuple[float, ...] = BANDS) -> list[str]:
    inner = [f"{lo:g}–{hi:g}" for lo, hi in pairwise(edges)]
    return [f"<{edges[0]:g}", *inner, f"≥{edges[-1]:g}"]


def band_of(confidence: float, edges: tuple[float, ...] = BANDS) -> int:
    """Index of the band a confidence falls in; a value on an edge belongs to the band above it."""
    return sum(1 for edge in edges if confidence >= edge)


def tabulate(verdicts: list[tuple[float, tuple[str, ...]]], edges: tuple[float, ...] = BANDS) -> list[Band]:
    """(confidence, fields it gets wrong) per judged fact → one Band per band, lowest first."""
    bands = [Band(label) for label in band_labels(edges)]
    for confidence, wrong in verdicts:
        bands[band_of(confidence, edges)].add(wrong)
    return bands


def above(verdicts: list[tuple[float, tuple[str, ...]]], threshold: float = REVIEW_THRESHOLD) -> Band:
    """The facts at or above the threshold, as one band."""
    band = Band(f"≥{threshold:g}")
    for confidence, wrong in verdicts:
        if confidence >= threshold:
            band.add(wrong)
    return band


def by_reason(facts: list[tuple[dict, tuple[str, ...]]]) -> dict[str, Band]:
    """Judged facts grouped by each reason given for a lower confidence ('none' when there is none)."""
    out: dict[str, Band] = {}
    for fact, wrong in facts:
        for reason in (fact.get("confidence_reason") or "none").split("; "):
            out.setdefault(reason, Band(reason)).add(wrong)
    return dict(sorted(out.items(), key=lambda kv: -kv[1].judged))


def _line(band: Band) -> str:
    share = f"{band.share:6.3f}" if band.share is not None else f"{'-':>6s}"
    wrong = ", ".join(f"{name} {n}" for name, n in band.wrong_on.most_common())
    return f"{band.label:>44s} {band.judged:6d} {band.right:6d} {share}  {wrong}"


def report(facts: list[tuple[dict, tuple[str, ...]]], threshold: float = REVIEW_THRESHOLD) -> list[str]:
    verdicts = [(float(f["confidence"]), wrong) for f, wrong in facts]
    header = f"{'confidence':>44s} {'judged':>6s} {'right':>6s} {'share':>6s}  wrong on (field: facts)"
    out = [header]
    out += [_line(b) for b in tabulate(verdicts)]
    top, total = above(verdicts, threshold), len(verdicts)
    out.append(_line(top))
    if top.share is not None:
        verdict = "met" if top.share >= BAR else "NOT met"
        out.append(
            f"at or above {threshold:g}: {top.judged} of {total} judged facts ({top.judged / total:.1%}), "
            f"{top.share:.1%} right — bar ≥ {BAR:.0%}: {verdict}; {total - top.judged} go to the review queue"
        )
    out.append("")
    out.append(f"{'reason':>44s} {'judged':>6s} {'right':>6s} {'share':>6s}  wrong on (field: facts)")
    out += [_line(b) for b in by_reason(facts).values()]
    return out


def main() -> int:
    scored = run_from_command_line("calibrate", __doc__.splitlines()[0], "list the wrong facts at or above 0.9")
    if isinstance(scored, int):
        return scored
    run, verbose = scored
    facts = [(fact, wrong) for doc in run.documents for fact, wrong in doc.verdicts]
    if not facts:
        print("calibrate: no judged facts (are the texts in bench/real/texts/?)", file=sys.stderr)
        return 1
    print(f"{len(run.documents)} documents, {len(facts)} judged facts")
    print("\n".join(report(facts)))
    if verbose:
        for doc in run.documents:
            for fact, wrong in doc.verdicts:
                if wrong and float(fact["confidence"]) >= REVIEW_THRESHOLD:
                    print(
                        f"  {doc.id} {fact['confidence']:.2f} wrong on {', '.join(wrong)}: {fact['text']!r} "
                        f"{fact.get('subject')} [{fact.get('confidence_reason') or ''}] | {fact['sentence'][:120]}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
