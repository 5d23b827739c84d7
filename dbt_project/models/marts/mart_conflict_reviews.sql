-- Every pair of mart_conflicts with where review stands: `explained` when a reviewed decision (action explain)
-- names its two statements — with the reason, who and when — `open` when its verdict asks for a person (a real
-- conflict, or different wording of one figure) and nobody explained it yet, `no action` otherwise.
with decisions as (
    select * from {{ ref('stg_corrections__decisions') }} where action = 'explain'
),

facts as (
    -- int_facts_with_corrections of the documents an explain decision names, not every fact of the corpus
    select fact_id, document_id, char_start, char_end, value
    from ({{ corrected_facts(documents_named_by_decisions(['explain'], other_side=true)) }})
),

explained as (
    -- both sides of each decision as fact ids; a decision names them in either order
    select d.correction_id, d.reason, d.who, d.decided_on, a.fact_id as fact_a, b.fact_id as fact_b
    from decisions as d
    inner join facts as a
        on a.char_start = d.span_start and a.char_end = d.span_end and starts_with(a.document_id, d.document_ref)
        and abs(a.value - d.target_value) <= 1e-9 * greatest(1, abs(d.target_value))
    inner join facts as b
        on b.char_start = d.other_start and b.char_end = d.other_end
        and starts_with(b.document_id, d.other_document_ref)
        and abs(b.value - d.other_value) <= 1e-9 * greatest(1, abs(d.other_value))
)

select
    c.conflict_id,
    c.verdict,
    cast(case
        when e.correction_id is not null then 'explained'
        when c.verdict in ('real conflict', 'different wording') then 'open'
        else 'no action'
    end as varchar) as review_status,
    e.reason as explanation,
    e.correction_id,
    e.who as explained_by,
    e.decided_on as explained_on,
    c.verdict_reason,
    c.region_name,
    c.period_key_a,
    c.stated_a,
    c.stated_b,
    c.subject_a,
    c.subject_b,
    c.observation_id_a,
    c.observation_id_b,
    c.document_id_a,
    c.document_id_b,
    c.publisher_a,
    c.publisher_b
from {{ ref('mart_conflicts') }} as c
left join explained as e
    on (e.fact_a = c.observation_id_a and e.fact_b = c.observation_id_b)
    or (e.fact_a = c.observation_id_b and e.fact_b = c.observation_id_a)
qualify row_number() over (partition by c.conflict_id order by e.decided_on desc nulls last, e.correction_id) = 1
