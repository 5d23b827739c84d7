"""mfgstats: manufacturing statistics from Chinese prose and tables into a checked DuckDB warehouse."""

__version__ = "0.1.0"
