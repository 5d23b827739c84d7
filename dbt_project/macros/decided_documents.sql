{#- The ids of the documents that reviewed decisions of `actions` name (a hash prefix in `document_ref`, with
    `other_side` in `other_document_ref` too), as a query for the `documents` argument of corrected_facts and
    observations: a model joining decisions to facts then corrects the facts of those documents only, not every
    fact of the corpus (the rows it keeps are the same: each fact's correction depends on its own document).
    `every_document_if`: an action whose decisions may touch any document (alias, by phrase); while one exists,
    every document is named. -#}
{% macro documents_named_by_decisions(actions, other_side=false, every_document_if=none) -%}
select d.document_id
from {{ ref('stg_raw__documents') }} as d
where exists (
        select 1
        from {{ ref('stg_corrections__decisions') }} as c
        where c.action in ('{{ actions | join("', '") }}')
            and (starts_with(d.document_id, c.document_ref)
                {%- if other_side %} or starts_with(d.document_id, c.other_document_ref){% endif %})
    )
    {%- if every_document_if %}
    or exists (select 1 from {{ ref('stg_corrections__decisions') }} where action = '{{ every_document_if }}')
    {%- endif %}
{%- endmacro %}
