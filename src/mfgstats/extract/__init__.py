"""Fact extraction: Chinese statistical prose and tables → grounded, typed facts.

    from mfgstats.extract import extract
    facts = extract(document, catalog=None)   # list[mfgstats.records.Fact]

A pure function of the document's text, title, publication date, region, id and file name (and the catalog, if given):
no I/O, no Dagster or dbt. Every fact satisfies `fact.text == document.text[fact.start:fact.end]`.

How it works, one module per step:

- `view`     — the matching view the rules read (simplified, width-folded, same length), converted only where a
               character could change.
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
- `subjects` — the subject phrase (a count before its noun counts that noun, 千万吨炼油 is 炼油产能), the region
               scope and the industry a subject names (a chain must name an industry: not 带动, 省级, 千亿级).
- `enumerations` — members of a list get their own subjects (营收、利润…60.5%、58%; 高于全国、全省…; 分别);
               a scale class after a listed count is one fact per member.
- `compared` — figures of other places in parentheses (高于全国(10.9%)、全省(7.3%)) are those places' values of
               the quantity compared.
- `ratios`   — structures written as ratios (三次产业结构为9.3∶45.3∶45.4 → three shares).
- `tables`   — indicator tables with a year header (2019 年 / 2025 年 columns) or value columns (产量, 绝对值).
- `grid_tables` — CSV and XLSX documents (`grid_tables.table_facts`): long and wide layouts, the sidecar's
               table mapping as ingestion checked it, one fact per filled value cell.
- `mentions` — catalog names (regions, enterprises) found once per sentence.
- `topics`   — the enterprise a paragraph is about (a quoted speaker, a named opening, a back-reference), so that
               its facts are the enterprise's and not the city's.
- `linking`  — region, indicator, chain and enterprise codes from the catalog; units normalised by units.csv; a
               gap to another region, a project's or a product's figure keeps a series of its own.
- `confidence` — each fact's confidence and the forms that lowered it (`confidence_reason`), calibrated on the
               real corpus; below REVIEW_THRESHOLD a fact goes to the review queue.
- `core`     — puts the steps together.
"""

from mfgstats.extract.core import extract

__all__ = ["extract"]
