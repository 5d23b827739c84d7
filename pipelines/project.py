"""The dbt project as Dagster sees it."""

from dagster_dbt import DbtProject

from mfgstats.config import settings

dbt_project = DbtProject(project_dir=settings().dbt_project_dir, profiles_dir=settings().dbt_project_dir)
# Under `dagster dev` the manifest is rebuilt on load; elsewhere mfgstats.orchestration.manifest does it.
dbt_project.prepare_if_dev()
