{#- Pre-hook of the models that are incremental by change set: before the rows of this build are appended,
    delete the rows it writes again, as `rows_written` lists them (default: the model's `meta.rows_written` in its
    YAML, which the quality checks' scope reads too): for each entry, every row whose `columns` appear in the
    change model `changes` (under `change_columns` there when named otherwise), optionally only its rows meeting
    `where`, in which `{name}` stands for the relation of each model named in `refs`. Deleting by the change set
    rather than by the new rows (delete+insert) also removes what no longer exists: a conflict resolved by a
    re-extraction, the facts of a document re-extracted without any. Nothing to do on a first build or a full
    refresh. -#}
{% macro delete_changed_rows(rows_written=none) -%}
    {%- if is_incremental() -%}
        {#- only at run time: while parsing, config.get gives no model config -#}
        {%- set entries = rows_written if rows_written is not none else config.get('meta')['rows_written'] -%}
        delete from {{ this }}
        where {{ rows_written_condition(entries) }}
    {%- endif -%}
{%- endmacro %}

{#- The rows the `rows_written` entries name, as a condition. mfgstats.changes renders this macro too, for the
    quality checks' scope, so the checks read exactly the rows the pre-hook deleted and the build wrote again. -#}
{% macro rows_written_condition(entries) -%}
    {%- for entry in entries %}
        {{ 'or ' if not loop.first }}({{ entry.columns | join(', ') }}) in (
            select {{ (entry.change_columns or entry.columns) | join(', ') }} from {{ ref(entry.changes) }}
            {%- if entry.where %}
            {%- set where = namespace(sql=entry.where) %}
            {%- for name in entry.refs or [] %}{% set where.sql = where.sql | replace('{' ~ name ~ '}', ref(name) | string) %}{% endfor %}
            where {{ where.sql }}
            {%- endif %}
        )
    {%- endfor %}
{%- endmacro %}

{#- The rows of `relation` this build recomputes: all of them on a first build or a full refresh, else those whose
    `columns` appear in the change model. -#}
{% macro changed_only(relation, columns, changes) -%}
    {%- if is_incremental() -%}
        (select * from {{ relation }}
         where ({{ columns | join(', ') }}) in (select {{ columns | join(', ') }} from {{ ref(changes) }}))
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}
