{#- The cues of the `statement_cues` seed, read when the model runs, as SQL over a text column:
    `last_cue(col, role, position)` is the last cue of that role and position in `col` (the one nearest the
    number when `col` ends at it), '' if none, and with `at_end` only a cue `col` ends with; `cue_meaning(cue_col, role)` maps a cue to its meaning. The
    seed is referenced outside `execute` so that dbt orders the seed before every model using these. -#}
{% macro statement_cue_rows() -%}
    {%- set relation = ref('statement_cues') -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query('select cue, role, meaning, position from ' ~ relation ~ ' order by length(cue) desc, cue') -%}
    {{ return(result.rows) }}
{%- endmacro %}

{% macro last_cue(col, role, position, at_end=false) -%}
    {%- set cues = [] -%}
    {%- for row in statement_cue_rows() if row[1] == role and row[3] == position -%}
        {%- do cues.append(row[0]) -%}
    {%- endfor -%}
    {%- if cues -%}
        coalesce(regexp_extract({{ col }}, '.*({{ cues | join("|") }}){{ "$" if at_end else "" }}', 1), '')
    {%- else -%}
        ''
    {%- endif -%}
{%- endmacro %}

{% macro cue_meaning(cue_col, role) -%}
    case {{ cue_col }}
    {%- for row in statement_cue_rows() if row[1] == role %}
        when '{{ row[0] }}' then '{{ row[2] }}'
    {%- endfor %}
    end
{%- endmacro %}
