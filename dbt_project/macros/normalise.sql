{#- A subject label reduced to what identifies the series, so "规模以上工业企业" (article) and "规上工业企业数量"
    (plan) meet: drop spaces and quotes, use the short form 规上, drop trailing count words. Conservative on
    purpose — a false merge hides a real conflict, a missed merge only leaves two series. -#}
{% macro normalise_subject(col) -%}
regexp_replace(
    replace(replace({{ normalise_label(col) }}, '规模以上', '规上'), '营收', '营业收入'),
    '(数量|总数|个数|家数)$', ''
)
{%- endmacro %}

{#- A name compared without spaces, quotes and brackets (“专精特新”企业 = 专精特新企业), for catalog lookups. -#}
{% macro normalise_label(col) -%}
regexp_replace({{ col }}, '[\s　“”"‘’''《》「」（）()]', '', 'g')
{%- endmacro %}

{#- Number of decimals the value was stated with (1630.2 → 1, 2100.0 → 0): half a unit of the last digit is
    the rounding a source may have applied. -#}
{% macro stated_decimals(col) -%}
length(rtrim(split_part(cast({{ col }} as varchar), '.', 2), '0'))
{%- endmacro %}

{#- A value as a reader would write it: "1783 家", "> 1.1 万亿元", "4600–5000 亿元", and with `direction` a
    decline keeps its sign: 下降 6.7% is "-6.7 %". -#}
{% macro stated_value(value, value_high, unit, comparator, direction=none) -%}
(
    case when {{ comparator }} in ('=', 'range') then '' else {{ comparator }} || ' ' end
    {%- if direction %}
    || case when {{ direction }} = 'down' and {{ value }} > 0 then '-' else '' end
    {%- endif %}
    || regexp_replace(cast({{ value }} as varchar), '\.0$', '')
    || case when {{ comparator }} = 'range'
        then '–' || regexp_replace(cast({{ value_high }} as varchar), '\.0$', '') else '' end
    || coalesce(' ' || {{ unit }}, '')
)
{%- endmacro %}

{#- Whether an actual's period can stand beside a target's: the same grain, or any single period (not a
    multi-year span) when the series is not a flow — a year's revenue needs a year (not 1—8月), while stocks
    (catalog aggregation 'last'; uncatalogued counts), ratios, shares and rates may come from any period. -#}
{% macro comparable_period(actual, target) -%}
(
    {{ actual }}.period_grain = {{ target }}.period_grain
    or (
        {{ actual }}.period_grain not in ('multi_year', 'five_year_plan')
        and (
            {{ target }}.measure <> 'level'
            or coalesce({{ target }}.indicator_aggregation,
                case when {{ target }}.unit_normalised in ('家', '个', '项', '人') then 'last' else 'sum' end) <> 'sum'
        )
    )
)
{%- endmacro %}

{#- x rounded to 12 significant digits, so that one quantity reached through different units (1.1 万亿元,
    11000 亿元) compares equal despite binary floating point. -#}
{% macro significant(x) -%}
case
    when {{ x }} is null or {{ x }} = 0 or isinf({{ x }}) then {{ x }}
    else round({{ x }}, cast(12 - ceil(log10(abs({{ x }}))) as integer))
end
{%- endmacro %}

{#- A number for a sentence or a label: at most two decimals, no trailing zeros (3949, 6.34, 1638.1). -#}
{% macro format_number(x) -%}
regexp_replace(regexp_replace(printf('%.2f', {{ x }}), '0+$', ''), '\.$', '')
{%- endmacro %}
