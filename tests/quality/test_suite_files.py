"""The suites in expectations/ load, stay in step with the dbt models they guard, and bad suite files fail with
an error that names the file and says what to change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mfgstats.config import PROJECT_ROOT
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


def test_structure_suites_list_every_documented_column_with_its_type():
    marts = dbt_marts()
    for suite in load_suites():
        if suite.name != "structure":
            continue
        (model,) = suite.models
        assert suite.columns == marts[model], (
            f"{suite.path} and the dbt YAML disagree on the columns of {model}: update the suite's `columns:` "
            "to the model's contract"
        )


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


@pytest.mark.parametrize("test", ["not_null", "unique"])
def test_structure_suites_hold_every_not_null_and_unique_rule_of_the_marts(test):
    # An incremental build leaves these dbt tests out (dbt_project/selectors.yml): the structure suites apply the
    # same rules to the rows it wrote, and dbt's tests would re-read every row no build touched.
    suites = {s.models[0]: s.path for s in load_suites() if s.name == "structure"}
    for model, columns in dbt_column_tests(test).items():
        checked = set(yaml.safe_load(suites[model].read_text(encoding="utf-8")).get(test) or [])  # the shorthand
        assert columns <= checked, f"{suites[model]}: add {sorted(columns - checked)} to `{test}:`"


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
