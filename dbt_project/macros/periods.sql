{#- Period grain and key, derived from (period_start, period_end) alone so that facts and dim_time agree without
    a lookup. Order matters where grains coincide: 1—3月 is Q1, 1—6月 is H1, a whole year is a year. -#}

{% macro period_grain(start_col, end_col) -%}
case
    when {{ start_col }} is null or {{ end_col }} is null then 'unknown'
    when {{ start_col }} > {{ end_col }} then 'invalid'
    when {{ start_col }} = {{ end_col }} then 'day'
    when month({{ start_col }}) = 1 and day({{ start_col }}) = 1
         and {{ end_col }} = make_date(year({{ start_col }}), 12, 31) then 'year'
    when day({{ start_col }}) = 1 and {{ end_col }} = last_day({{ start_col }}) then 'month'
    when day({{ start_col }}) = 1 and {{ end_col }} = last_day({{ end_col }})
         and year({{ start_col }}) = year({{ end_col }})
         and month({{ start_col }}) in (1, 7) and month({{ end_col }}) = month({{ start_col }}) + 5 then 'half'
    when day({{ start_col }}) = 1 and {{ end_col }} = last_day({{ end_col }})
         and year({{ start_col }}) = year({{ end_col }})
         and month({{ start_col }}) in (1, 4, 7, 10) and month({{ end_col }}) = month({{ start_col }}) + 2 then 'quarter'
    when month({{ start_col }}) = 1 and day({{ start_col }}) = 1 and {{ end_col }} = last_day({{ end_col }})
         and year({{ start_col }}) = year({{ end_col }}) then 'ytd'
    when month({{ start_col }}) = 1 and day({{ start_col }}) = 1
         and month({{ end_col }}) = 12 and day({{ end_col }}) = 31 then
        case when year({{ end_col }}) - year({{ start_col }}) = 4 and (year({{ start_col }}) - 1981) % 5 = 0
             then 'five_year_plan' else 'multi_year' end
    else 'other'
end
{%- endmacro %}

{% macro period_key(start_col, end_col) -%}
{%- set grain = period_grain(start_col, end_col) -%}
case {{ grain }}
    when 'unknown' then 'unknown'
    when 'year' then strftime({{ start_col }}, '%Y')
    when 'half' then strftime({{ start_col }}, '%Y') || 'H' || (case when month({{ start_col }}) = 1 then '1' else '2' end)
    when 'quarter' then strftime({{ start_col }}, '%Y') || 'Q' || cast(quarter({{ start_col }}) as varchar)
    when 'month' then strftime({{ start_col }}, '%Y-%m')
    when 'ytd' then strftime({{ start_col }}, '%Y-%m') || '..' || strftime({{ end_col }}, '%Y-%m')
    when 'multi_year' then strftime({{ start_col }}, '%Y') || '-' || strftime({{ end_col }}, '%Y')
    when 'five_year_plan' then strftime({{ start_col }}, '%Y') || '-' || strftime({{ end_col }}, '%Y')
    when 'day' then strftime({{ start_col }}, '%Y-%m-%d')
    else strftime({{ start_col }}, '%Y-%m-%d') || '..' || strftime({{ end_col }}, '%Y-%m-%d')
end
{%- endmacro %}
