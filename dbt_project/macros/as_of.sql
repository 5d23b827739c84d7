{#- DuckDB table macro `observations_as_of(d)`, stored in the warehouse file so any SQL client can ask what was
    known on date d (ALFRED-style real-time periods): the observations of every source vintage valid on d — a
    vintage is valid from its publication until the next vintage of its release — with `is_latest_known` marking,
    per series, region, period and status, the statement of the most recently published source. A document removed
    from the raw directory or withdrawn left fct_observation, but its observations (int_withdrawn_observations)
    are seen for the dates before it left (dim_source.valid_to). Created by a post-hook of fct_observation; names
    are unqualified so the macro works in the published copy too. -#}
{% macro create_observations_as_of() -%}
{#- run by the post-hooks of fct_observation and int_withdrawn_observations: DuckDB binds a macro when it is
    created, so each creates it once the tables it reads exist, whichever dbt builds last -#}
{%- set withdrawn = adapter.get_relation(database=target.database, schema='intermediate',
    identifier='int_withdrawn_observations') %}
{%- set facts = adapter.get_relation(database=target.database, schema=target.schema, identifier='fct_observation') %}
{%- set sources = adapter.get_relation(database=target.database, schema=target.schema, identifier='dim_source') %}
{%- if facts is none or sources is none %}
select 1
{%- else %}
create or replace macro main.observations_as_of(as_of) as table
select
    o.*,
    s.vintage_number,
    s.valid_from,
    s.valid_to,
    s.publisher,
    s.title,
    -- chain_key and indicator_key are parts of series_key (macro observations), so adding them changes no
    -- partition; it lets DuckDB apply a caller's filter on them before the window instead of ranking every row
    row_number() over (
        partition by o.series_key, o.chain_key, o.indicator_key, o.region_key, o.period_key, o.status
        order by s.published_on desc, o.confidence desc, o.observation_id
    ) = 1 as is_latest_known
from (
    select * from main.fct_observation
    {%- if withdrawn is not none %}
    union all by name
    select * from intermediate.int_withdrawn_observations
    {%- endif %}
) as o
inner join main.dim_source as s using (document_id)
where s.valid_from <= cast(as_of as date)
    and (s.valid_to is null or s.valid_to > cast(as_of as date))
{%- endif %}
{%- endmacro %}
