-- Files that could not be ingested: what went wrong and what to do, for the quality report and analysts.
select
    file as file_path,
    sha256,
    reason_code,
    reason,
    action,
    detected_at
from {{ source('raw', 'quarantine') }}
