"""Reading reviewed corrections: every action parses, and a bad record is reported with its file, line and fix
while the others are kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mfgstats.corrections.parse import read_corrections
from mfgstats.corrections.periods import parse_period
from mfgstats.corrections.write import CorrectionRefused, append, render

GOOD = """\
# reviewed decisions on seed 003
- id: set-oil
  action: set
  target: {fact: "e779e986ded2cfce:1818-1824=1000"}
  fields: {period: 2019, unit: 万吨}
  reason: the 2019 capacity
  who: Li Wei
  when: 2026-12-07
- id: reject-1
  action: reject
  target: {fact: "e779e986:1789-1792=1000"}
  reason: a class, not a figure
  who: Li Wei
  when: 2026-12-07
- id: explain-1
  action: explain
  target:
    fact: "e779e986ded2cfce:7753-7760=2800"
    other: "e779e986ded2cfce:8716-8722=2100"
  reason: Table 1 typo, text governs
  who: Li Wei
  when: 2026-12-07
- id: add-1
  action: add
  target: {document: 288f36622ca81460, span: 52-56}
  fields: {value: 156, unit: 项, subject: 一五计划重点工程, period: "1953..1957"}
  reason: missed
  who: Li Wei
  when: 2026-12-07
- id: alias-1
  action: alias
  target: {kind: indicator, phrase: PX生产能力}
  fields: {code: production_capacity}
  reason: a capacity
  who: Li Wei
  when: 2026-12-07
- id: withdraw-1
  action: withdraw
  target: {document: 943e09ff90daee1f}
  fields: {effective: 2026-01-01}
  reason: retracted
  who: Li Wei
  when: 2026-12-07
- id: supersede-1
  action: supersede
  target: {document: 943e09ff90daee1f}
  fields: {by: 288f36622ca81460}
  reason: a corrected edition
  who: Li Wei
  when: 2026-12-07
"""


def test_every_action_parses_into_its_columns(tmp_path: Path):
    (tmp_path / "seed003.yaml").write_text(GOOD, encoding="utf-8")
    parsed = read_corrections(tmp_path)
    assert parsed.problems == []
    by_id = {c.correction_id: c for c in parsed.corrections}
    assert list(by_id) == ["set-oil", "reject-1", "explain-1", "add-1", "alias-1", "withdraw-1", "supersede-1"]
    row = by_id["set-oil"].row()
    assert (row["document_ref"], row["span_start"], row["span_end"], row["target_value"]) == (
        "e779e986ded2cfce",
        1818,
        1824,
        1000.0,
    )
    assert (row["set_period_start"], row["set_period_end"], row["set_unit"]) == (
        date(2019, 1, 1),
        date(2019, 12, 31),
        "万吨",
    )
    assert row["source_file"] == "seed003.yaml" and row["source_line"] == 2
    explain = by_id["explain-1"].row()
    assert (explain["other_start"], explain["other_end"], explain["other_value"]) == (8716, 8722, 2100.0)
    add = by_id["add-1"].row()
    assert (add["span_start"], add["span_end"], add["set_value"], add["set_period_end"]) == (
        52,
        56,
        156.0,
        date(1957, 12, 31),
    )
    assert (by_id["alias-1"].alias_kind, by_id["alias-1"].phrase, by_id["alias-1"].alias_code) == (
        "indicator",
        "PX生产能力",
        "production_capacity",
    )
    assert by_id["withdraw-1"].effective_on == date(2026, 1, 1)
    assert by_id["supersede-1"].superseded_by == "288f36622ca81460"


BAD_CASES = [
    ("  action: sett\n", "action 'sett' is unknown"),
    ("  target: {fact: nothex:1-2=3}\n", "is not a fact reference"),
    ('  target: {fact: "e779e986:9-5=3"}\n', "must be after its start"),
    ("  fields: {vaule: 3}\n", "fields 'vaule' does not apply to set"),
    ("  fields: {period: 2025Q5}\n", "period '2025Q5' is not understood"),
    ("  fields: {measure: size}\n", "measure 'size' is not one of"),
    ("  when: yesterday\n", "is not a date"),
    ("  colour: red\n", "unknown key 'colour'"),
]


@pytest.mark.parametrize(("line", "problem"), BAD_CASES)
def test_a_bad_record_names_file_line_and_fix_and_the_others_apply(tmp_path: Path, line: str, problem: str):
    good = GOOD.split("- id: reject-1")[0]  # the set-oil record
    bad = {
        "action": "  action: set\n",
        "target": '  target: {fact: "e779e986ded2cfce:1818-1824=1000"}\n',
        "fields": "  fields: {period: 2019}\n",
        "reason": "  reason: r\n",
        "who": "  who: w\n",
        "when": "  when: 2026-12-07\n",
    }
    key = line.strip().split(":")[0]
    bad[key] = line
    text = good + "- id: bad-one\n" + "".join(bad.values()) + ("" if key in bad else line)
    (tmp_path / "mixed.yaml").write_text(text, encoding="utf-8")
    parsed = read_corrections(tmp_path)
    assert [c.correction_id for c in parsed.corrections] == ["set-oil"]
    (p,) = parsed.problems
    assert p.source_file == "mixed.yaml" and p.correction_id == "bad-one"
    assert problem in p.problem, p.problem
    assert text.splitlines()[p.source_line - 1].startswith(("- id: bad-one", line.rstrip()[:8]))


def test_broken_yaml_and_duplicate_ids_are_reported_not_raised(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.split("- id: reject-1")[0], encoding="utf-8")  # set-oil again
    (tmp_path / "c.yaml").write_text("- id: x\n  action: [\n", encoding="utf-8")
    parsed = read_corrections(tmp_path)
    assert len(parsed.corrections) == 7
    problems = {p.source_file: p for p in parsed.problems}
    assert "already used at a.yaml, line 2" in problems["b.yaml"].problem
    assert "is not valid YAML" in problems["c.yaml"].problem and problems["c.yaml"].source_line == 3


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025H2", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-01..2025-08", date(2025, 1, 1), date(2025, 8, 31)),
        ("2021..2025", date(2021, 1, 1), date(2025, 12, 31)),
        ("2020-01-01..2020-09-30", date(2020, 1, 1), date(2020, 9, 30)),
    ],
)
def test_periods_as_people_write_them(text, start, end):
    assert parse_period(text) == (start, end)


def test_correct_appends_a_record_the_parser_reads_back_and_refuses_a_bad_one(tmp_path: Path):
    path, _ = append(
        tmp_path,
        "set",
        {"fact": "e779e986ded2cfce:1818-1824=1000"},
        {"period": "2019", "subject": '原油"加工"能力'},
        "the 2019 capacity",
        who="Li Wei",
        when=date(2026, 12, 7),
        ident="set-oil",
    )
    append(tmp_path, "reject", {"fact": "e779e986:1789-1792=1000"}, {}, "a class", who="Li Wei")
    parsed = read_corrections(tmp_path)
    assert parsed.problems == []
    assert [x.correction_id for x in parsed.corrections] == ["set-oil", parsed.corrections[1].correction_id]
    assert parsed.corrections[0].values["set_subject"] == '原油"加工"能力'
    assert path.read_text(encoding="utf-8").startswith(
        render(
            {
                "id": "set-oil",
                "action": "set",
                "target": {"fact": "e779e986ded2cfce:1818-1824=1000"},
                "fields": {"period": "2019", "subject": '原油"加工"能力'},
                "reason": "the 2019 capacity",
                "who": "Li Wei",
                "when": date(2026, 12, 7),
            }
        )
    )
    before = path.read_text(encoding="utf-8")
    with pytest.raises(CorrectionRefused, match="period '2019-13' is not understood"):
        append(tmp_path, "set", {"fact": "e779e986:1-2=3"}, {"period": "2019-13"}, "x", who="w")
    with pytest.raises(CorrectionRefused, match="already used"):
        append(tmp_path, "reject", {"fact": "e779e986:1-2=3"}, {}, "x", who="w", ident="set-oil")
    assert path.read_text(encoding="utf-8") == before
