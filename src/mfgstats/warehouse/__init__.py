"""The DuckDB side of the library: raw tables the pipeline writes, and publishing a read-only snapshot."""
