"""`mfgstats correct …`: record a reviewed decision under data/corrections/ (applied by the next `mfgstats run`)."""

from __future__ import annotations

import argparse
import sys

EPILOG = """\
examples (the references come from `mfgstats review`):
  mfgstats correct reject e779e986ded2cfce:1789-1792=1000 --reason "千亿级 is a class, not a figure"
  mfgstats correct set e779e986ded2cfce:1818-1824=1000 --period 2019 --reason "the capacity of 2019"
  mfgstats correct add 288f36622ca81460 52-56 --value 156 --unit 项 --subject 一五计划重点工程 --reason "missed"
  mfgstats correct explain e779e986ded2cfce:7753-7760=2800 e779e986ded2cfce:8716-8722=2100 \\
      --reason "Table 1 typo, text governs"
  mfgstats correct alias indicator PX生产能力 production_capacity --reason "a production capacity"
  mfgstats correct withdraw 943e09ff90daee1f --reason "retracted by the publisher"

Every decision records why (--reason), who (--who; default: git's user.name or $USER) and when (today). The
files under data/corrections/ are reviewed in git like code (docs/corrections.md)."""

FACT_OPTIONS = (
    "value",
    "unit",
    "measure",
    "status",
    "comparator",
    "period",
    "region",
    "subject",
    "indicator",
    "chain",
    "enterprise",
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "correct",
        help="record a reviewed correction (reject/set/add/explain/alias/withdraw/supersede)",
        description="Record a reviewed decision in a file under data/corrections/; the next `mfgstats run` "
        "applies it on top of the extracted facts (which stay untouched).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help_, description=help_)
        a.add_argument("--reason", required=True, help="why (required)")
        a.add_argument("--who", help="who decided (default: git config user.name, else $USER)")
        a.add_argument("--id", dest="ident", help="the decision's id (default: generated)")
        a.add_argument("--file", default="corrections.yaml", help="file under data/corrections/ (corrections.yaml)")
        return a

    def fact_options(a: argparse.ArgumentParser) -> None:
        for name in FACT_OPTIONS:
            a.add_argument(
                f"--{name}",
                help=f"the fact's {name}" + (" (2025, 2025H1, 2025-08, 2021..2025 …)" if name == "period" else ""),
            )

    a = action("reject", "reject a fact: it leaves the marts (raw.facts keeps it)")
    a.add_argument("fact", help="<document hash>:<start>-<end>=<value>")
    a = action("set", "set fields of a fact")
    a.add_argument("fact", help="<document hash>:<start>-<end>=<value>")
    fact_options(a)
    a = action("add", "add a fact the extractor missed, by document and character span")
    a.add_argument("document", help="the document's content hash (or its first 8+ hex digits)")
    a.add_argument("span", help="<start>-<end> of the figure in the document's text")
    fact_options(a)
    a = action("explain", "mark a conflict explained")
    a.add_argument("fact", help="one side: <document hash>:<start>-<end>=<value>")
    a.add_argument("other", help="the other side")
    a = action("alias", "map a phrase to a catalog entry, for every fact with that phrase")
    a.add_argument("kind", choices=("indicator", "region", "chain", "enterprise"))
    a.add_argument("phrase", help="the words as the documents write them")
    a.add_argument("code", help="the catalog code")
    a = action("withdraw", "withdraw a document (retracted, wrong file): it leaves the current marts")
    a.add_argument("document", help="the document's content hash (or its first 8+ hex digits)")
    a.add_argument("--effective", help="from when (YYYY-MM-DD; default: today)")
    a = action("supersede", "mark a document superseded by another")
    a.add_argument("document", help="the document's content hash (or its first 8+ hex digits)")
    a.add_argument("--by", required=True, help="the content hash of the document that supersedes it")
    a.add_argument("--effective", help="from when (YYYY-MM-DD; default: today)")
    p.set_defaults(func=_correct)


def _target_and_fields(args: argparse.Namespace) -> tuple[dict, dict]:
    act = args.action
    values = {k: getattr(args, k) for k in FACT_OPTIONS if getattr(args, k, None) is not None}
    if act in ("reject", "set"):
        return {"fact": args.fact}, values if act == "set" else {}
    if act == "add":
        return {"document": args.document, "span": args.span}, values
    if act == "explain":
        return {"fact": args.fact, "other": args.other}, {}
    if act == "alias":
        return {"kind": args.kind, "phrase": args.phrase}, {"code": args.code}
    fields = {"effective": args.effective} if args.effective else {}
    if act == "supersede":
        fields["by"] = args.by
    return {"document": args.document}, fields


def _correct(args: argparse.Namespace) -> int:
    from mfgstats.corrections import corrections_dir
    from mfgstats.corrections.write import CorrectionRefused, append

    target, fields = _target_and_fields(args)
    directory = corrections_dir()
    try:
        path, correction = append(
            directory, args.action, target, fields, args.reason, who=args.who, ident=args.ident, file=args.file
        )
    except CorrectionRefused as exc:
        print(f"mfgstats correct: {exc}", file=sys.stderr)
        return 2
    print(f"recorded {correction.correction_id} ({args.action}) in {path}; `mfgstats run` applies it")
    return 0
