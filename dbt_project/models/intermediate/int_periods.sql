-- Every period the warehouse can name: a calendar spine (years, halves, quarters, months, year-to-date
-- cumulatives) for the configured years, the five-year plans, and whatever spans the facts actually use.
with years as (
    select range as yr
    from range({{ var('first_calendar_year') }}, {{ var('last_calendar_year') }} + 1)
),

months as (
    select range as mo from range(1, 13)
),

spine as (
    select make_date(yr, 1, 1) as period_start, make_date(yr, 12, 31) as period_end from years
    union all
    select make_date(yr, h * 6 - 5, 1), last_day(make_date(yr, h * 6, 1))
    from years, (select range as h from range(1, 3))
    union all
    select make_date(yr, q * 3 - 2, 1), last_day(make_date(yr, q * 3, 1))
    from years, (select range as q from range(1, 5))
    union all
    select make_date(yr, mo, 1), last_day(make_date(yr, mo, 1)) from years, months
    union all
    -- 1—N月 cumulatives; 1—3月 and 1—6月 collapse into Q1 and H1 by key
    select make_date(yr, 1, 1), last_day(make_date(yr, mo, 1)) from years, months where mo > 1
),

plans as (
    select plan_start as period_start, plan_end as period_end from {{ ref('int_five_year_plans') }}
),

observed as (
    -- the spans of int_facts_with_corrections, without correcting every fact: only a reject, set or add decision
    -- changes a fact's span, so the facts of the documents none names keep their extracted spans
    select period_start, period_end
    from {{ ref('stg_raw__facts') }}
    where document_id not in ({{ documents_named_by_decisions(['reject', 'set', 'add']) }})
        and period_start is not null and period_end is not null
    union
    select period_start, period_end
    from ({{ corrected_facts(documents_named_by_decisions(['reject', 'set', 'add'])) }})
    where period_start is not null and period_end is not null
),

all_periods as (
    select * from spine
    union
    select * from plans
    union
    select * from observed
)

select
    {{ period_key('period_start', 'period_end') }} as period_key,
    {{ period_grain('period_start', 'period_end') }} as grain,
    period_start,
    period_end
from all_periods
