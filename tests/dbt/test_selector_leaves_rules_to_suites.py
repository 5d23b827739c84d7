"""The incremental selector (dbt_project/selectors.yml, `changed_data`) leaves some dbt tests of the marts to
complete builds only because a blocking structure suite applies the same rules to the rows the build wrote: every
test kind it excludes under models/marts is one the suites read from the marts' YAML, and every mart declaring
such a test has a blocking structure suite that reads them (`from_dbt: true`). Without that, a bad new row would
pass an incremental build unchecked."""

from __future__ import annotations

import yaml

from mfgstats.config import PROJECT_ROOT
from mfgstats.quality.dbt_rules import TESTS, mart_rules

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
SUITES = PROJECT_ROOT / "expectations" / "structure"


def excluded_mart_tests() -> set[str]:
    selectors = yaml.safe_load((DBT_PROJECT / "selectors.yml").read_text(encoding="utf-8"))["selectors"]
    changed_data = next(s for s in selectors if s["name"] == "changed_data")["definition"]["union"]
    excluded = set()
    for part in changed_data:
        for rule in part.get("exclude", []) if isinstance(part, dict) else []:
            methods = {m["method"]: m["value"] for m in rule["intersection"]}
            assert methods.get("path") == "models/marts", rule  # only the marts' tests are left to the suites
            excluded.add(methods["test_name"])
    return excluded


def test_every_mart_test_the_selector_leaves_out_is_applied_by_a_blocking_structure_suite():
    excluded = excluded_mart_tests()
    assert excluded == {"not_null", "unique", "accepted_values"}
    assert excluded <= set(TESTS)
    suites = {}
    for path in SUITES.glob("*.yml"):
        suite = yaml.safe_load(path.read_text(encoding="utf-8"))
        for model in suite["models"]:
            suites[model] = suite
    for model, rules in mart_rules().items():
        if rules.not_null or rules.unique or rules.accepted_values:
            suite = suites.get(model)
            assert suite is not None, f"{model} has dbt tests an incremental build skips but no structure suite"
            assert suite.get("from_dbt") and suite.get("blocking"), model
