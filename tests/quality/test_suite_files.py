"""The suites in expectations/ load, guard the dbt models, take the marts' structure from the dbt YAML, and bad
suite files fail with an error that names the file and says what to change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mfgstats.config import PROJECT_ROOT
from mfgstats.quality.dbt_rules import RuleError, mart_rules
from mfgstats.quality.suites import SuiteError, load_suite, load_suites

MARTS_YAML = sorted((PROJECT_ROOT / "dbt_project" / "models" / "marts").glob("_*.yml"))


def dbt_marts() -> dict[str, dict[str, str]]:
    """model → {column: data_type} as the dbt project documents them."""
    marts = {}
    for path in MARTS_YAML:
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            marts[model["name"]] = {c["name"]: str(c.get("data_type", "")).upper() for c in model.get("columns", [])}
    return marts


def test_every_project_suite_loads_and_guards_a_dbt_mart():
    suites = load_suites()
    marts = dbt_marts()
    assert suites, "expectations/ holds no suite"
    for suite in suites:
        unknown = set(suite.models) - set(marts)
        assert not unknown, f"{suite.path} guards {unknown}, which dbt_project/models/marts does not define"


def test_every_mart_has_a_blocking_structure_suite():
    covered = {m for s in load_suites() if s.name == "structure" and s.blocking for m in s.models}
    assert covered == set(dbt_marts())


def dbt_column_tests(test: str) -> dict[str, set[str]]:
    """model → the columns the marts' YAML gives the generic dbt test `test` (not_null, unique)."""
    found: dict[str, set[str]] = {}
    for path in MARTS_YAML:
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            for column in model.get("columns", []):
                names = {t if isinstance(t, str) else next(iter(t)) for t in column.get("data_tests", [])}
                if test in names:
                    found.setdefault(model["name"], set()).add(column["name"])
    return found


def test_structure_suites_take_their_columns_and_column_tests_from_the_dbt_yaml():
    # One place for these rules: the marts' YAML (contracts and generic tests); the suites list none of them.
    marts = dbt_marts()
    for suite in load_suites():
        if suite.name != "structure":
            continue
        (model,) = suite.models
        written = yaml.safe_load(suite.path.read_text(encoding="utf-8"))
        assert written.get("from_dbt") is True, suite.path
        assert not {"columns", "not_null", "unique", "accepted_values"} & set(written), suite.path
        assert suite.columns == marts[model]
        for test in ("not_null", "unique"):
            shorthands = [e for e in suite.expectations if "row_condition" not in e.kwargs]  # not a row rule's
            checked = {e.kwargs["column"] for e in shorthands if e.type == EXPECTATION[test]}
            assert checked == dbt_column_tests(test).get(model, set()), (suite.path, test)


EXPECTATION = {"not_null": "expect_column_values_to_not_be_null", "unique": "expect_column_values_to_be_unique"}
MART_YAML = """
version: 2
models:
  - name: m
    config:
      meta:
        rows_written:
          - {columns: [id], changes: int_changed_documents}
    columns:
      - {name: id, data_type: varchar, data_tests: [unique, not_null]}
      - name: status
        data_type: varchar
        data_tests:
          - not_null
          - accepted_values:
              arguments:
                values: [actual, target]
          - relationships:
              arguments: {to: ref('other'), field: status}
      - {name: value, data_type: double}
"""


def test_the_dbt_rules_of_a_mart_are_its_types_generic_column_tests_and_rows_written(tmp_path: Path):
    (tmp_path / "_m.yml").write_text(MART_YAML, encoding="utf-8")
    rules = mart_rules(tmp_path)["m"]
    assert rules.columns == {"id": "VARCHAR", "status": "VARCHAR", "value": "DOUBLE"}
    assert (rules.not_null, rules.unique) == (["id", "status"], ["id"])
    assert rules.accepted_values == {"status": ["actual", "target"]}  # relationships stay dbt's alone
    assert rules.rows_written == [{"columns": ["id"], "changes": "int_changed_documents"}]  # the checks' scope


def test_a_dbt_test_with_its_own_config_is_refused(tmp_path: Path):
    # a `where` or a severity changes what the rule means: GX would apply another rule than dbt
    configured = MART_YAML.replace("[unique, not_null]", "[unique, {not_null: {config: {where: 'id > 1'}}}]")
    (tmp_path / "_m.yml").write_text(configured, encoding="utf-8")
    with pytest.raises(RuleError, match=r"m\.id configures its not_null test"):
        mart_rules(tmp_path)


@pytest.mark.parametrize("key", ["columns", "not_null", "unique", "accepted_values"])
def test_a_suite_from_dbt_may_not_list_the_rules_again(tmp_path: Path, key):
    path = tmp_path / "s.yml"
    listed = {"columns": {"id": "VARCHAR"}, "accepted_values": {"s": ["a"]}}.get(key, ["id"])
    path.write_text(yaml.safe_dump({**GOOD, "from_dbt": True, key: listed}), encoding="utf-8")
    with pytest.raises(SuiteError, match=rf"takes \['{key}'\] from the dbt YAML"):
        load_suite(path)


def test_a_suite_from_dbt_guards_one_documented_mart(tmp_path: Path):
    path = tmp_path / "s.yml"
    path.write_text(yaml.safe_dump({**GOOD, "from_dbt": True, "models": ["no_such_mart"]}), encoding="utf-8")
    with pytest.raises(SuiteError, match="documents no model 'no_such_mart'"):
        load_suite(path)


def test_structure_and_range_suites_block_and_consistency_suites_only_warn():
    for suite in load_suites():
        if suite.findings:
            assert not suite.blocking and suite.severity == "warning", suite.path
            assert all(e.severity == "warning" for e in suite.expectations), suite.path
        else:
            assert suite.blocking, suite.path


def test_every_expectation_is_a_valid_gx_expectation():
    from great_expectations.expectations.registry import get_expectation_impl

    for suite in load_suites():
        for spec in suite.expectations:
            kwargs = {k: v for k, v in spec.kwargs.items()}
            get_expectation_impl(spec.type)(**kwargs, severity=spec.severity, description=spec.description)


GOOD = {
    "name": "structure",
    "models": ["dim_time"],
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "column": "period_key", "description": "keys are set"}
    ],
}


def variant(**changes) -> dict:
    suite = {**GOOD, **changes}
    return {k: v for k, v in suite.items() if v is not None}


BAD_SUITES = [
    ("not a mapping", ["a", "list"], "a suite is a YAML mapping"),
    ("unknown key", variant(colums={"a": "VARCHAR"}), "unknown keys ['colums']"),
    ("no name", variant(name=None), "`name` is missing"),
    ("bad name", variant(name="Structure Check"), "is not a valid check name"),
    ("no models", variant(models=None), "`models` must list the models"),
    ("bad severity", variant(severity="fatal"), "severity 'fatal' is not one of"),
    ("no expectations", variant(expectations=[]), "the suite has no expectations"),
    ("expectation without type", variant(expectations=[{"column": "x", "description": "d"}]), "has no `type`"),
    (
        "expectation without description",
        variant(expectations=[{"type": "expect_column_values_to_not_be_null", "column": "x"}]),
        "has no `description`",
    ),
    (
        "undefined parameter",
        variant(
            expectations=[
                {
                    "type": "expect_column_values_to_be_in_set",
                    "column": "unit",
                    "value_set": {"$PARAMETER": "units"},
                    "description": "units from the catalog",
                }
            ]
        ),
        "uses $PARAMETER 'units', which `parameters` does not define",
    ),
    ("bad frame", variant(frame={"sql": "select 1", "builder": "x"}), "`frame` is `table`"),
    ("accepted values not a mapping", variant(accepted_values=["a"]), "`accepted_values` maps a column"),
]


@pytest.mark.parametrize(("case", "content", "problem"), BAD_SUITES, ids=[c[0] for c in BAD_SUITES])
def test_a_bad_suite_file_is_refused_naming_the_file(tmp_path: Path, case, content, problem):
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SuiteError) as err:
        load_suite(path)
    assert str(path) in str(err.value)
    assert problem in str(err.value)
    assert " — " in str(err.value), "the error says what to do"


def test_unreadable_yaml_is_refused_naming_the_file(tmp_path: Path):
    path = tmp_path / "broken.yml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(SuiteError, match=r"broken\.yml: cannot read the suite"):
        load_suite(path)


def test_two_suites_may_not_give_one_model_two_checks_of_one_name(tmp_path: Path):
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    with pytest.raises(SuiteError, match="model dim_time already has a suite named 'structure'"):
        load_suites(tmp_path)


def test_shorthands_expand_into_gx_expectations(tmp_path: Path):
    path = tmp_path / "s.yml"
    content = {
        "name": "structure",
        "models": ["m"],
        "severity": "warning",
        "not_null": ["id"],
        "unique": ["id", ["a", "b"]],
        "accepted_values": {"status": ["actual", "target"]},
    }
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    suite = load_suite(path)
    assert [(e.type, e.kwargs, e.severity) for e in suite.expectations] == [
        ("expect_column_values_to_not_be_null", {"column": "id"}, "warning"),
        ("expect_column_values_to_be_unique", {"column": "id"}, "warning"),
        ("expect_compound_columns_to_be_unique", {"column_list": ["a", "b"]}, "warning"),
        ("expect_column_values_to_be_in_set", {"column": "status", "value_set": ["actual", "target"]}, "warning"),
    ]
