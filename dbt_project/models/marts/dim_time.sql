-- One row per period of any grain. `period_key` is a pure function of (period_start, period_end)
-- (macro period_key), so a fact finds its period without a lookup table.
with periods as (
    select * from {{ ref('int_periods') }}
),

plans as (
    select * from {{ ref('int_five_year_plans') }}
),

labelled as (
    select
        p.period_key,
        -- a five-year span outside the known plans is just a multi-year span
        case when p.grain = 'five_year_plan' and fyp_exact.plan_zh is null then 'multi_year' else p.grain end
            as grain,
        p.period_start,
        p.period_end,
        year(p.period_end) as period_year,
        date_diff('day', p.period_start, p.period_end) + 1 as day_count,
        -- the five-year plan the whole period falls in (十三五末 = 2020 lies in 十三五)
        fyp.plan_zh as five_year_plan_zh,
        fyp.plan_en as five_year_plan_en,
        fyp.plan_number as five_year_plan_number,
        case
            when p.grain = 'year' then format('{}年', year(p.period_start))
            when p.grain = 'half' then format('{}年{}半年', year(p.period_start),
                case when month(p.period_start) = 1 then '上' else '下' end)
            when p.grain = 'quarter' then format('{}年第{}季度', year(p.period_start),
                ['一', '二', '三', '四'][quarter(p.period_start)])
            when p.grain = 'month' then format('{}年{}月', year(p.period_start), month(p.period_start))
            when p.grain = 'ytd' then format('{}年1—{}月', year(p.period_start), month(p.period_end))
            when fyp_exact.plan_zh is not null then format('“{}”时期（{}—{}年）', fyp_exact.plan_zh,
                year(p.period_start), year(p.period_end))
            when p.grain = 'multi_year' then format('{}—{}年', year(p.period_start), year(p.period_end))
            when p.grain = 'day' then strftime(p.period_start, '%Y年%-m月%-d日')
            else format('{}至{}', p.period_start, p.period_end)
        end as label_zh,
        case
            when p.grain = 'year' then cast(year(p.period_start) as varchar)
            when p.grain = 'half' then format('H{} {}', case when month(p.period_start) = 1 then 1 else 2 end,
                year(p.period_start))
            when p.grain = 'quarter' then format('Q{} {}', quarter(p.period_start), year(p.period_start))
            when p.grain = 'month' then strftime(p.period_start, '%b %Y')
            when p.grain = 'ytd' then format('Jan–{} {} (year to date)', strftime(p.period_end, '%b'),
                year(p.period_start))
            when fyp_exact.plan_zh is not null then format('{} ({}–{})', fyp_exact.plan_en,
                year(p.period_start), year(p.period_end))
            when p.grain = 'multi_year' then format('{}–{}', year(p.period_start), year(p.period_end))
            when p.grain = 'day' then strftime(p.period_start, '%-d %b %Y')
            else format('{} to {}', p.period_start, p.period_end)
        end as label_en
    from periods as p
    left join plans as fyp
        on p.period_start >= fyp.plan_start and p.period_end <= fyp.plan_end
    left join plans as fyp_exact
        on p.period_start = fyp_exact.plan_start and p.period_end = fyp_exact.plan_end
)

select
    cast(period_key as varchar) as period_key,
    cast(grain as varchar) as grain,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(period_year as integer) as period_year,
    cast(day_count as integer) as day_count,
    cast(five_year_plan_number as integer) as five_year_plan_number,
    cast(five_year_plan_zh as varchar) as five_year_plan_zh,
    cast(five_year_plan_en as varchar) as five_year_plan_en,
    cast(label_zh as varchar) as label_zh,
    cast(label_en as varchar) as label_en
from labelled

union all

-- facts whose period the extractor could not resolve still join to a row
select 'unknown', 'unknown', null, null, null, null, null, null, null, '时期不详', 'unknown period'
