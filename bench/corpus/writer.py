"""Build a release's text piece by piece, recording where every stated fact sits (exact character offsets)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any


@dataclass
class TruthFact:
    """A fact the release states, as the gold set writes it: `text == document.text[start:end]` is the shortest
    span holding the number and its unit; value and unit as stated (1.8万家 → 1.8, 万家; 下降3.2% → 3.2)."""

    file: str
    start: int
    end: int
    text: str
    value: float
    unit: str
    form: str  # which number form the benchmark exercises: plain, wan_yi, range, enumeration, target …
    status: str = "actual"
    value_high: float | None = None
    period_start: date | None = None
    period_end: date | None = None

    def json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("period_start", "period_end"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


def number(value: float, decimals: int | None = None) -> str:
    """1783.0 → '1783', 6.8 → '6.8'; a fixed number of decimals when asked."""
    if decimals is not None:
        return f"{value:.{decimals}f}"
    return f"{value:.10g}" if value != int(value) else str(int(value))


class Writer:
    def __init__(self, file: str):
        self.file = file
        self._parts: list[str] = []
        self._length = 0
        self.facts: list[TruthFact] = []

    def __call__(self, text: str) -> Writer:
        self._parts.append(text)
        self._length += len(text)
        return self

    def fact(
        self,
        text: str,
        value: float,
        unit: str,
        form: str,
        period: tuple[date, date] | None = None,
        status: str = "actual",
        value_high: float | None = None,
    ) -> Writer:
        start = self._length
        self(text)
        self.facts.append(
            TruthFact(
                file=self.file,
                start=start,
                end=self._length,
                text=text,
                value=value,
                unit=unit,
                form=form,
                status=status,
                value_high=value_high,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None,
            )
        )
        return self

    def text(self) -> str:
        return "".join(self._parts)
