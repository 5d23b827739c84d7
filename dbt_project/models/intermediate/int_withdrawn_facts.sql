-- The facts of documents that left the current marts (removed, withdrawn, superseded), after corrections: what
-- "as known on date D" still shows for dates before they left (int_withdrawn_observations, observations_as_of).
select * exclude (is_withdrawn)
from {{ ref('int_facts_with_corrections') }}
where is_withdrawn
