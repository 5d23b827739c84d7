"""Table facts → catalog codes: indicator, region, and the value in its base unit.

A table row names its indicator outright (规上工业企业, 规上工业增加值增速), so linking is a lookup, not a scan:
the label as written, else the label without a trailing measure word (增速, 占比 …), which names the same
indicator measured another way. The catalog's measure is taken when the table's unit is of the indicator's
own unit family (研发投入强度 in % is a share); otherwise the measure read from the label and unit stands.
"""

from __future__ import annotations

import re

from mfgstats.catalog import Catalog
from mfgstats.extract.linking import in_base_unit
from mfgstats.records import Fact

_MEASURE_SUFFIX = re.compile(r"(?:同比|比上年)?(?:增速|增长率|增长|增幅|下降|占比|比重|所占比重|份额)$")


def link_table_fact(fact: Fact, catalog: Catalog) -> None:
    unit = catalog.unit(fact.unit)
    if unit is not None:
        fact.unit = unit.unit  # the catalog's spelling (％ → %)
        in_base_unit(fact, unit)
    if fact.region:
        region = catalog.region(fact.region)
        if region is not None:
            fact.region, fact.region_code = region.name_zh, region.code
    if fact.subject:
        indicator = catalog.indicator(fact.subject) or catalog.indicator(_MEASURE_SUFFIX.sub("", fact.subject))
        if indicator is not None:
            fact.indicator_code = indicator.code
            own_unit = catalog.unit(indicator.unit) if indicator.unit else None
            if unit is not None and own_unit is not None and own_unit.family == unit.family:
                fact.measure = indicator.measure
