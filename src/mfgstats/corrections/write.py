"""Append one decision to a file under data/corrections/ (`mfgstats correct …`), in the same hand-writable YAML
the parser reads; the record is parsed back before the file is touched, so a bad one is refused, not written."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from mfgstats.corrections.parse import read_corrections
from mfgstats.corrections.records import Correction

DEFAULT_FILE = "corrections.yaml"


class CorrectionRefused(ValueError):
    """The record would not be read back: the message says why and what to give instead."""


def default_who() -> str:
    """git's user.name, else the login name."""
    try:
        name = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER") or getpass.getuser()


def _scalar(value: Any) -> str:
    """A YAML scalar that reads back as the same string (JSON strings are YAML); numbers as they are."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in mapping.items()) + "}"


def render(record: dict[str, Any]) -> str:
    """One record as a YAML list item: id, action, target, fields, reason, who, when (one line each)."""
    lines = [f"- id: {record['id']}", f"  action: {record['action']}", f"  target: {_flow(record['target'])}"]
    if record.get("fields"):
        lines.append(f"  fields: {_flow(record['fields'])}")
    lines += [
        f"  reason: {_scalar(record['reason'])}",
        f"  who: {_scalar(record['who'])}",
        f"  when: {record['when'].isoformat()}",
    ]
    return "\n".join(lines) + "\n"


def new_id(action: str, target: dict, when: date) -> str:
    digest = hashlib.sha1(json.dumps([action, target, os.urandom(4).hex()], ensure_ascii=False).encode()).hexdigest()
    return f"{action}-{when:%Y%m%d}-{digest[:6]}"


def append(
    directory: Path,
    action: str,
    target: dict[str, Any],
    fields: dict[str, Any],
    reason: str,
    who: str | None = None,
    when: date | None = None,
    ident: str | None = None,
    file: str = DEFAULT_FILE,
) -> tuple[Path, Correction]:
    """Validate and append one record; returns the file and the parsed decision."""
    when = when or date.today()
    record = {
        "id": ident or new_id(action, target, when),
        "action": action,
        "target": target,
        "fields": fields,
        "reason": reason,
        "who": who or default_who(),
        "when": when,
    }
    text = render(record)
    path = directory / file
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    with tempfile.TemporaryDirectory() as tmp:  # the file as it would be, read by the parser
        Path(tmp, "check.yaml").write_text(text, encoding="utf-8")
        parsed = read_corrections(Path(tmp))
    if parsed.problems:
        raise CorrectionRefused(parsed.problems[0].problem)
    if existing:
        taken = {c.correction_id for c in read_corrections(directory).corrections}
        if record["id"] in taken:
            raise CorrectionRefused(f"the id {record['id']!r} is already used under {directory}: choose another")
    path.parent.mkdir(parents=True, exist_ok=True)
    separator = "" if not existing or existing.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(separator + text)
    correction = parsed.corrections[0]
    correction.source_file = path.relative_to(directory).as_posix()
    return path, correction
