"""Fact extraction: Chinese statistical prose and tables → grounded, typed facts.

    from mfgstats.extract import extract
    facts = extract(document, catalog=None)   # list[mfgstats.records.Fact]

A pure function of the document's text, publication date, region, id and file name (and the catalog, if given):
no I/O, no Dagster or dbt. Every fact satisfies `fact.text == document.text[fact.start:fact.end]`.

How it works, one module per step:

- `segment`  — paragraphs, headings (with their enumerator level), sentences and clauses; page breaks inside a
               sentence are joined; tab-separated lines are table rows.
- `scanner`  — one regex pass finds every quantity mention (numbers in Arabic or Chinese numerals with multiplier
               and unit, fractions, 成, 一半, ranks, 翻番, 两位数, 千亿级 …); rules drop what is not a statistic
               (dates, labels, 5G, 8英寸, 时速350km, names in quotes, 一个 …); ranges and enumerations are merged.
- `units`    — the unit table (stated unit → family, factor, base unit); the catalog's units.csv overrides it.
- `periods`  — time markers (2020年, 今年1—8月, “十三五”末, “十四五”期间, 全年 …) resolved against the
               publication date only.
- `timing`   — which marker dates each quantity (sentence, paragraph, heading, document), flows versus levels
               inside a multi-year period, and the status (actual or target).
- `meaning`  — measure (level, growth, share, change, rank, multiple), basis (yoy, cagr, …) and direction.
- `subjects` — the subject phrase, the region scope and the industry topic.
- `tables`   — indicator tables with a year header (2019 年 / 2025 年 columns).
- `linking`  — region, indicator, chain and enterprise codes from the catalog; units normalised by units.csv.
- `core`     — puts the steps together.
"""

from mfgstats.extract.core import extract

__all__ = ["extract"]
