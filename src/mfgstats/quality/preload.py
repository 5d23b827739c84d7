"""What the checks' fork server imports before forking workers (mfgstats.quality.worker): Great Expectations,
its expectation registry and the module that evaluates suites with it, loaded as lifelong objects
(mfgstats.loading) — which the forked workers then share, and whose collection neither the server nor a worker
pays for."""

from mfgstats.loading import lifelong

with lifelong():
    import great_expectations
    import great_expectations.data_context.types.base
    import great_expectations.expectations.registry  # noqa: F401

    import mfgstats.quality.evaluate  # noqa: F401
