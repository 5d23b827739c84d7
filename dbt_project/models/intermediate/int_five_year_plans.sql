-- China's five-year plans that the sources talk about (十一五 … 十六五), with zh/en labels.
-- Kept as a model, not a seed, because it is calendar arithmetic rather than a catalog anyone edits.
select
    plan_number,
    plan_zh,
    plan_en,
    make_date(start_year, 1, 1) as plan_start,
    make_date(start_year + 4, 12, 31) as plan_end
from (
    values
        (11, '十一五', '11th Five-Year Plan', 2006),
        (12, '十二五', '12th Five-Year Plan', 2011),
        (13, '十三五', '13th Five-Year Plan', 2016),
        (14, '十四五', '14th Five-Year Plan', 2021),
        (15, '十五五', '15th Five-Year Plan', 2026),
        (16, '十六五', '16th Five-Year Plan', 2031)
) as plans(plan_number, plan_zh, plan_en, start_year)
