"""The work behind the Dagster code location (`pipelines/`, which only declares): what `mfgstats run` does, the
dbt build plan and its files, the Dagster instance's configuration and storage, one run at a time, recovery after
a killed run. Nothing here imports `pipelines`; the runner loads the code location by the module name that
pyproject.toml's `[tool.dagster]` gives, as Dagster's own tools do."""
