"""The Dagster code location: assets by stage, checks, jobs, a schedule and a sensor. `definitions.py` assembles."""
