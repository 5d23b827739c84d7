-- One row per document that has left the current marts: its file was removed from the raw directory, or a
-- reviewed decision withdrew it (retracted, wrong file) or marked it superseded. `withdrawn_on` ends its validity
-- (dim_source.valid_to), so "as known on date D" queries before that date still see it (observations_as_of).
with removed as (
    select
        document_id,
        cast(removed_at as date) as withdrawn_on,
        'removed' as withdrawal_kind,
        'its file ' || file_path || ' is no longer in the raw directory' as withdrawal_reason,
        cast(null as varchar) as correction_id
    from {{ ref('stg_corrections__removed_documents') }}
),

decided as (
    select
        d.document_id,
        coalesce(c.effective_on, c.decided_on) as withdrawn_on,
        case c.action when 'withdraw' then 'withdrawn' else 'superseded' end as withdrawal_kind,
        c.reason || case when c.action = 'supersede' then ' (superseded by ' || c.superseded_by || ')' else '' end
            as withdrawal_reason,
        c.correction_id
    from {{ ref('stg_corrections__decisions') }} as c
    inner join {{ ref('stg_raw__documents') }} as d on starts_with(d.document_id, c.document_ref)
    where c.action in ('withdraw', 'supersede')
)

select *
from (select * from removed union all select * from decided)
qualify row_number() over (partition by document_id order by withdrawn_on, withdrawal_kind, correction_id) = 1
