-- Documents whose file left the raw directory, with the time the pipeline first saw it gone.
select document_id, file as file_path, removed_at
from {{ source('raw', 'document_removals') }}
