-- The facts the current marts are built from: every fact after the reviewed corrections (int_facts_with_corrections),
-- without the documents that were removed, withdrawn or superseded. The observations macro computes the same rows
-- (macro corrected_facts), for the changed documents only in an incremental build.
select * exclude (is_withdrawn)
from {{ ref('int_facts_with_corrections') }}
where not is_withdrawn
