-- The wording catalog: words around a stated number that say what kind of statement it is — which side of a
-- target is good (达到 → at least, 降至 → at most, 新增 → an increase, 倍增 → a multiple), whether a target is per
-- year (每年, 年均), and whether the figure is a project's, a capacity or a firm's rather than the region's.
select
    trim(cue) as cue,
    trim(role) as role,
    trim(meaning) as meaning,
    trim(position) as position,
    nullif(trim(note), '') as note
from {{ ref('statement_cues') }}
