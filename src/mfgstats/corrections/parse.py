"""Read the reviewed corrections under data/corrections/: YAML files, each a list of records (one per decision).

    - id: explain-mva-2025
      action: explain
      target: {fact: a02ff61b1f3992ea:1234-1240=2800, other: a02ff61b1f3992ea:5120-5124=2100}
      reason: Table 1 typo, text governs
      who: Li Wei
      when: 2026-12-07

A record that cannot be read is reported with its file, line and what to fix, and the others are applied; a file
that is not YAML at all is reported at the line where it breaks. Nothing here touches the warehouse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from mfgstats.corrections.periods import parse_period
from mfgstats.corrections.records import (
    ACTIONS,
    ALIAS_KINDS,
    DOCUMENT_REF,
    FACT_FIELDS,
    SPAN,
    Correction,
    Problem,
    parse_fact_ref,
)
from mfgstats.records import COMPARATORS, MEASURES, STATUSES

SUFFIXES = (".yaml", ".yml")
RECORD_KEYS = {"id", "action", "target", "fields", "reason", "who", "when"}
TARGET_KEYS = {
    "reject": {"fact"},
    "set": {"fact"},
    "add": {"document", "span"},
    "explain": {"fact", "other"},
    "alias": {"kind", "phrase"},
    "withdraw": {"document"},
    "supersede": {"document"},
}
FIELD_KEYS = {
    "reject": set(),
    "set": set(FACT_FIELDS),
    "add": set(FACT_FIELDS),
    "explain": set(),
    "alias": {"code"},
    "withdraw": {"effective"},
    "supersede": {"by", "effective"},
}
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


class RecordError(ValueError):
    """What is wrong with one record; `line` points at the offending key when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Parsed:
    corrections: list[Correction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def correction_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def read_corrections(directory: Path) -> Parsed:
    """Every record of every YAML file under `directory` (absent: none), with the problems found."""
    out = Parsed()
    seen: dict[str, str] = {}
    for path in correction_files(directory):
        out.files += 1
        name = path.relative_to(directory).as_posix()
        for item in _read_file(path, name, out.problems):
            if isinstance(item, Problem):
                out.problems.append(item)
            elif item.correction_id in seen:
                out.problems.append(
                    Problem(
                        name,
                        item.source_line,
                        item.correction_id,
                        f"the id {item.correction_id!r} is already used at {seen[item.correction_id]}: "
                        "give this decision an id of its own",
                    )
                )
            else:
                seen[item.correction_id] = f"{name}, line {item.source_line}"
                out.corrections.append(item)
    return out


def _read_file(path: Path, name: str, problems: list[Problem]) -> list[Correction | Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, 1, None, f"cannot be read as UTF-8 text ({exc}): save it as UTF-8"))
        return []
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(name, line, None, f"is not valid YAML ({what}): fix the syntax at this line"))
        return []
    finally:
        loader.dispose()
    if root is None:
        return []
    items = root.value if isinstance(root, yaml.SequenceNode) else [root]
    out: list[Correction | Problem] = []
    for node in items:
        line = node.start_mark.line + 1
        try:
            if not isinstance(node, yaml.MappingNode):
                raise RecordError("a record must be a mapping with id, action, target, fields, reason, who, when")
            lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
            record = yaml.SafeLoader("").construct_object(node, deep=True)
            out.append(_correction(record, name, line, lines))
        except RecordError as exc:
            ident = _safe_id(node)
            out.append(Problem(name, exc.line or line, ident, str(exc)))
        except (yaml.YAMLError, TypeError) as exc:
            out.append(Problem(name, line, _safe_id(node), f"cannot be read ({exc})"))
    return out


def _safe_id(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                return v.value
    return None


def _correction(record: dict, name: str, line: int, lines: dict[str, int]) -> Correction:
    unknown = sorted(str(k) for k in record if k not in RECORD_KEYS)
    if unknown:
        raise RecordError(
            f"unknown key {unknown[0]!r}: a record has {', '.join(sorted(RECORD_KEYS))}", lines.get(unknown[0])
        )
    for key in ("id", "action", "reason", "who", "when"):
        if record.get(key) in (None, ""):
            raise RecordError(f"{key!r} is missing: every decision says {_WHY[key]}", line)
    ident = str(record["id"])
    if not ID.match(ident):
        raise RecordError(f"id {ident!r}: use letters, digits, '.', '_' or '-' (at most 80)", lines.get("id"))
    action = str(record["action"])
    if action not in ACTIONS:
        raise RecordError(f"action {action!r} is unknown: use one of {', '.join(ACTIONS)}", lines.get("action"))
    when = _date(record["when"], "when", lines.get("when"))
    target = record.get("target") or {}
    values = record.get("fields") or {}
    for key, value, allowed in (("target", target, TARGET_KEYS[action]), ("fields", values, FIELD_KEYS[action])):
        if not isinstance(value, dict):
            raise RecordError(f"{key!r} must be a mapping", lines.get(key))
        extra = sorted(str(k) for k in value if k not in allowed)
        if extra:
            what = ", ".join(sorted(allowed)) or "nothing"
            raise RecordError(f"{key} {extra[0]!r} does not apply to {action}: it takes {what}", lines.get(key))
    missing = sorted(TARGET_KEYS[action] - set(target))
    if missing:
        raise RecordError(f"target {missing[0]!r} is missing: {action} needs {_NEEDS[action]}", lines.get("target"))
    c = Correction(
        correction_id=ident,
        action=action,
        reason=str(record["reason"]).strip(),
        who=str(record["who"]).strip(),
        decided_on=when,
        source_file=name,
        source_line=line,
    )
    try:
        _fill(c, action, target, values, lines)
    except ValueError as exc:
        if isinstance(exc, RecordError):
            raise
        raise RecordError(str(exc), lines.get("target")) from exc
    return c


_WHY = {
    "id": "an id to refer to it by",
    "action": f"what to do ({', '.join(ACTIONS)})",
    "reason": "why (e.g. 'Table 1 typo, text governs')",
    "who": "who decided",
    "when": "when it was decided (YYYY-MM-DD)",
}
_NEEDS = {
    "reject": "target.fact (<document hash>:<start>-<end>=<value>)",
    "set": "target.fact (<document hash>:<start>-<end>=<value>)",
    "add": "target.document and target.span (<start>-<end>)",
    "explain": "target.fact and target.other (the two sides of the conflict)",
    "alias": "target.kind (indicator, region, chain or enterprise) and target.phrase",
    "withdraw": "target.document (its content hash)",
    "supersede": "target.document (its content hash)",
}


def _date(value: Any, key: str, line: int | None) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise RecordError(f"{key} {value!r} is not a date: write YYYY-MM-DD", line) from None


def _document(value: Any) -> str:
    text = str(value).strip().lower()
    if not DOCUMENT_REF.match(text):
        raise ValueError(
            f"document {value!r} is not a content hash: give the document_id (or its first 8+ hex digits), as "
            "`mfgstats review` or `mfgstats status` shows it"
        )
    return text


def _fill(c: Correction, action: str, target: dict, values: dict, lines: dict[str, int]) -> None:
    fields_line = lines.get("fields")
    if action in ("reject", "set", "explain"):
        c.fact = parse_fact_ref(target["fact"])
    if action == "explain":
        c.other = parse_fact_ref(target["other"])
    if action in ("add", "withdraw", "supersede"):
        c.document_ref = _document(target["document"])
    if action == "add":
        m = SPAN.match(str(target["span"]))
        if not m or int(m[2]) <= int(m[1]):
            raise ValueError(f"span {target['span']!r}: write <start>-<end> with end after start, e.g. 1234-1240")
        c.span = (int(m[1]), int(m[2]))
        if "value" not in values:
            raise RecordError(
                "fields.value is missing: an added fact needs its value (and usually its unit)", fields_line
            )
    if action == "set" and not values:
        raise RecordError(f"fields is empty: set changes one or more of {', '.join(FACT_FIELDS)}", fields_line)
    if action == "alias":
        kind = str(target["kind"])
        if kind not in ALIAS_KINDS:
            raise ValueError(f"kind {kind!r}: an alias maps a phrase to a {', '.join(ALIAS_KINDS)} entry")
        if not str(target["phrase"]).strip():
            raise ValueError("phrase is empty: give the words as the documents write them")
        if not values.get("code"):
            raise RecordError("fields.code is missing: the catalog code the phrase means", fields_line)
        c.alias_kind, c.phrase, c.alias_code = kind, str(target["phrase"]).strip(), str(values["code"]).strip()
    if action in ("withdraw", "supersede"):
        if "effective" in values:
            c.effective_on = _date(values["effective"], "fields.effective", fields_line)
        if action == "supersede":
            if "by" not in values:
                raise RecordError(
                    "fields.by is missing: the content hash of the document that supersedes it", fields_line
                )
            c.superseded_by = _document(values["by"])
    if action in ("set", "add"):
        try:
            c.values = _fact_values(values)
        except ValueError as exc:
            raise RecordError(str(exc), fields_line) from exc


def _fact_values(values: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw in values.items():
        column = FACT_FIELDS[key]
        if key == "value":
            try:
                out[column] = float(str(raw).replace(",", ""))
            except ValueError:
                raise ValueError(f"value {raw!r} is not a number") from None
        elif key == "period":
            out["set_period_start"], out["set_period_end"] = parse_period(raw)
            out["set_period_label"] = str(raw)
        else:
            text = str(raw).strip() if raw is not None else ""
            if not text:
                raise ValueError(f"{key} is empty: give the new {key}")
            allowed = {"measure": MEASURES, "status": STATUSES, "comparator": COMPARATORS}.get(key)
            if allowed and text not in allowed:
                raise ValueError(f"{key} {text!r} is not one of {', '.join(allowed)}")
            out[column] = text
    return out
