{#- Pre-hook of the models that are incremental by change set: before the rows of this build are appended,
    delete every row whose `columns` appear in the change model (int_changed_documents, int_changed_series),
    optionally only its rows meeting `where`. Deleting by the change set rather than by the new rows
    (delete+insert) also removes what no longer exists: a conflict resolved by a re-extraction, the facts of a
    document re-extracted without any. `change_columns`: the change model's names for `columns` when they differ
    (mart_conflicts deletes by series_key_b too). Nothing to do on a first build or a full refresh. -#}
{% macro delete_changed_rows(columns, changes, where=none, change_columns=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where ({{ columns | join(', ') }}) in (
            select {{ (change_columns or columns) | join(', ') }} from {{ ref(changes) }}
            {%- if where %} where {{ where }}{% endif %}
        )
    {%- endif -%}
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

{#- The rows of mart_latest_values an incremental build recomputes: the series and regions touched, and every series
    of a touched indicator the catalog does not name (dim_indicator names it by its most frequent wording, which
    a new statement can change; a catalogued indicator's names change only with the catalog, i.e. in a complete
    build). Every series of every touched indicator was about half the table. -#}
{% macro latest_values_changed() -%}
    ((series_key, region_key) in (select series_key, region_key from {{ ref('int_changed_series') }})
        or indicator_key in (
            select c.indicator_key
            from {{ ref('int_changed_series') }} as c
            inner join {{ ref('dim_indicator') }} as i using (indicator_key)
            where not i.is_catalogued
        ))
{%- endmacro %}
