"""What needs a human eye in the published warehouse, most important first (`mfgstats review`).

Each item carries the sentence with the figure marked, the document it comes from and the id to act on with
`mfgstats correct` (a fact reference <document hash>:<start>-<end>=<value>, a pair of them, or a file). Reads
through the sealed read-only opener only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb

from mfgstats.records import REVIEW_THRESHOLD

KINDS = {
    "conflict": "open conflict",
    "quarantine": "file in quarantine",
    "orphan": "correction that no longer applies",
    "low_confidence": "low-confidence fact",
    "unresolved": "not in the catalogs",
    "no_actual": "target with no comparable actual",
}
ORDER = list(KINDS)  # most important first: a disagreement reaches readers, a quarantined file is missing data
REF_DIGITS = 16  # characters of the document hash shown in a reference: enough to be unique, short to type


@dataclass(frozen=True)
class Item:
    kind: str
    title: str  # what is wrong, in a line
    sentence: str  # with the figure marked 【…】 (for a pair, both sentences)
    document: str  # title, publisher, date, file
    act_on: str  # the id to give `mfgstats correct`
    suggestion: str  # the command that would act on it

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def marked(sentence: str | None, sentence_start: int | None, start: int, end: int, evidence: str | None) -> str:
    """The sentence with the figure between 【 and 】 (the evidence alone when the sentence does not hold it)."""
    text = sentence or ""
    offset = sentence_start if sentence_start is not None else 0
    a, b = start - offset, end - offset
    if 0 <= a < b <= len(text):
        return " ".join((text[:a] + "【" + text[a:b] + "】" + text[b:]).split())
    return f"【{evidence or ''}】"


def fact_ref(document_id: str, start: int, end: int, value: float) -> str:
    return f"{document_id[:REF_DIGITS]}:{start}-{end}={value:g}"


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        f"{s}.{t}" for s, t in con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
    }


_FACT_COLUMNS = """o.document_id, o.char_start, o.char_end, o.value, o.sentence, o.sentence_start, o.evidence_text,
    coalesce(s.title, '') || ' — ' || coalesce(s.publisher, '') || ', ' || coalesce(cast(s.published_on AS VARCHAR), '')
        || ' (' || coalesce(o.file_path, '') || ')' AS document"""


def collect(con: duckdb.DuckDBPyConnection, threshold: float = REVIEW_THRESHOLD, limit: int = 500) -> list[Item]:
    """Every item, ordered by kind (ORDER) and within a kind by what matters most; at most `limit` per kind."""
    tables = _tables(con)
    items: list[Item] = []
    if "main.mart_conflict_reviews" in tables:
        items += _conflicts(con, limit)
    if "raw.quarantine" in tables:
        items += _quarantine(con, limit)
    if "main.mart_corrections" in tables:
        items += _orphans(con, limit)
    items += _low_confidence(con, threshold, limit, _has_column(con, "raw", "facts", "confidence_reason"))
    items += _unresolved(con, limit, "catalog.units" in tables)
    if "main.mart_plan_progress" in tables:
        items += _no_actual(con, limit)
    return sorted(items, key=lambda i: ORDER.index(i.kind))


def _fact_item(kind: str, title: str, row: tuple, action: str) -> Item:
    document_id, start, end, value, sentence, sentence_start, evidence, document = row[:8]
    ref = fact_ref(document_id, start, end, value)
    return Item(
        kind,
        title,
        marked(sentence, sentence_start, start, end, evidence),
        document,
        ref,
        f"mfgstats correct {action} {ref} --reason '…'",
    )


def _has_column(con: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
            "AND column_name = ?",
            [schema, table, column],
        ).fetchone()[0]
    )


def _low_confidence(con: duckdb.DuckDBPyConnection, threshold: float, limit: int, has_reason: bool) -> list[Item]:
    # why the extractor doubted the fact (extract/confidence.py) is kept on raw.facts, keyed like the observation;
    # a warehouse loaded before the column existed lists its facts without a reason
    reason, join = "NULL", ""
    if has_reason:
        reason, join = "f.confidence_reason", "LEFT JOIN raw.facts f ON f.fact_id = o.observation_id"
    rows = con.execute(
        f"""SELECT {_FACT_COLUMNS}, o.confidence, o.subject, o.period_key, o.status, {reason}
            FROM main.fct_observation o LEFT JOIN main.dim_source s USING (document_id) {join}
            WHERE o.confidence < ? ORDER BY o.confidence, o.document_id, o.char_start LIMIT ?""",
        [threshold, limit],
    ).fetchall()
    out = []
    for r in rows:
        item = _fact_item(
            "low_confidence",
            f"confidence {r[8]:.2f} ({r[12] or 'no reason recorded'}): {r[9] or '(no subject)'} {r[3]:g}, "
            f"{r[11]} {r[10] or '(no period)'}",
            r,
            "set",
        )
        # a fact found right is confirmed by setting a field to what it already is: reviewed, confidence 1
        confirm = f"mfgstats correct set {item.act_on} --status {r[11]} --reason 'checked: right as extracted'"
        out.append(replace(item, suggestion=f"{item.suggestion} to fix it (or reject), or {confirm}"))
    return out


def _unresolved(con: duckdb.DuckDBPyConnection, limit: int, has_units: bool) -> list[Item]:
    unit_test = "o.unit IS NOT NULL AND o.unit NOT IN (SELECT unit FROM catalog.units)" if has_units else "false"
    rows = con.execute(
        f"""SELECT {_FACT_COLUMNS},
                   concat_ws('; ',
                       CASE WHEN o.indicator_key LIKE 'subject:%' THEN 'subject ' || o.subject END,
                       CASE WHEN o.region_key LIKE 'name:%' THEN 'region ' || o.region_name END,
                       CASE WHEN {unit_test} THEN 'unit ' || o.unit END) AS what,
                   CASE WHEN o.indicator_key LIKE 'subject:%' THEN 'indicator ' || o.subject
                        WHEN o.region_key LIKE 'name:%' THEN 'region ' || o.region_name END AS alias
            FROM main.fct_observation o LEFT JOIN main.dim_source s USING (document_id)
            WHERE o.indicator_key LIKE 'subject:%' OR o.region_key LIKE 'name:%' OR ({unit_test})
            ORDER BY o.document_id, o.char_start LIMIT ?""",
        [limit],
    ).fetchall()
    out = []
    for r in rows:
        item = _fact_item("unresolved", f"resolved to nothing in the catalogs: {r[8]}", r, "set")
        if r[9]:  # an alias decision links every fact with that phrase at once
            kind, phrase = r[9].split(" ", 1)
            item = Item(
                item.kind,
                item.title,
                item.sentence,
                item.document,
                item.act_on,
                f"mfgstats correct alias {kind} '{phrase}' CODE --reason '…'",
            )
        out.append(item)
    return out


def _conflicts(con: duckdb.DuckDBPyConnection, limit: int) -> list[Item]:
    rows = con.execute(
        """SELECT r.verdict, r.verdict_reason, r.subject_a, r.period_key_a, r.stated_a, r.stated_b,
                  a.document_id, a.char_start, a.char_end, a.value, a.sentence, a.sentence_start, a.evidence_text,
                  b.document_id, b.char_start, b.char_end, b.value, b.sentence, b.sentence_start, b.evidence_text,
                  coalesce(sa.title, '') || ' — ' || coalesce(sa.publisher, '') || ', '
                      || coalesce(cast(sa.published_on AS VARCHAR), ''),
                  coalesce(sb.title, '') || ' — ' || coalesce(sb.publisher, '') || ', '
                      || coalesce(cast(sb.published_on AS VARCHAR), '')
           FROM main.mart_conflict_reviews r
           JOIN main.fct_observation a ON a.observation_id = r.observation_id_a
           JOIN main.fct_observation b ON b.observation_id = r.observation_id_b
           LEFT JOIN main.dim_source sa ON sa.document_id = a.document_id
           LEFT JOIN main.dim_source sb ON sb.document_id = b.document_id
           WHERE r.review_status = 'open'
           ORDER BY r.verdict = 'real conflict' DESC, r.conflict_id LIMIT ?""",
        [limit],
    ).fetchall()
    out = []
    for r in rows:
        ref_a, ref_b = fact_ref(r[6], r[7], r[8], r[9]), fact_ref(r[13], r[14], r[15], r[16])
        sentence_a = marked(r[10], r[11], r[7], r[8], r[12])
        sentence_b = marked(r[17], r[18], r[14], r[15], r[19])
        document = r[20] if r[20] == r[21] else f"{r[20]} | {r[21]}"
        out.append(
            Item(
                "conflict",
                f"{r[0]}: {r[2]} {r[3]}: {r[4]} vs {r[5]} ({r[1]})",
                sentence_a if sentence_a == sentence_b else f"{sentence_a} | {sentence_b}",
                document,
                f"{ref_a} {ref_b}",
                f"mfgstats correct explain {ref_a} {ref_b} --reason '…'  (or reject/set the wrong one)",
            )
        )
    return out


def _quarantine(con: duckdb.DuckDBPyConnection, limit: int) -> list[Item]:
    rows = con.execute(
        "SELECT file, reason_code, reason, action FROM raw.quarantine ORDER BY file LIMIT ?", [limit]
    ).fetchall()
    return [Item("quarantine", f"[{code}] {reason}", "", file, file, action) for file, code, reason, action in rows]


def _orphans(con: duckdb.DuckDBPyConnection, limit: int) -> list[Item]:
    rows = con.execute(
        """SELECT correction_id, status, problem, target, source_file, source_line FROM main.mart_corrections
           WHERE status <> 'applied' ORDER BY source_file, source_line LIMIT ?""",
        [limit],
    ).fetchall()
    return [
        Item(
            "orphan",
            f"{status}: {problem}",
            target or "",
            f"data/corrections/{file}, line {line}",
            ident or f"{file}:{line}",
            "fix or delete the record in its file",
        )
        for ident, status, problem, target, file, line in rows
    ]


def _no_actual(con: duckdb.DuckDBPyConnection, limit: int) -> list[Item]:
    rows = con.execute(
        f"""SELECT {_FACT_COLUMNS}, p.subject, p.target_period_key, p.target_stated, p.progress_verdict
            FROM main.mart_plan_progress p
            JOIN main.fct_observation o ON o.observation_id = p.target_observation_id
            LEFT JOIN main.dim_source s ON s.document_id = o.document_id
            WHERE p.latest_observation_id IS NULL OR p.progress_verdict = 'not comparable'
            ORDER BY p.target_period_key, p.subject LIMIT ?""",
        [limit],
    ).fetchall()
    return [
        _fact_item("no_actual", f"{r[8]} {r[9]} target {r[10]}: {r[11] or 'no actual yet'}", r, "set") for r in rows
    ]
