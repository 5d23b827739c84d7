"""The region catalog's source: every Chinese province, prefecture and county from a pinned division package, with
the hand-kept supplement, written to the dbt seed regions.csv (`python -m mfgstats.regions regenerate`)."""
