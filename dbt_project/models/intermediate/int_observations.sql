-- Every stated value, resolved: codes from the catalogs where the extractor left them empty (by name or alias),
-- keys for period, region, indicator, chain and enterprise; the value in its base unit (units catalog) with
-- bounds and rounding tolerance; the series it belongs to; and the fact table it is routed to.
-- Each row depends only on its fact, its own document and the catalogs, so fct_observation can be incremental.
{{ observations() }}
