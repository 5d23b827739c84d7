-- Records under data/corrections/ that could not be read: the file, the line and what to fix.
select source_file, source_line, correction_id, problem, detected_at
from {{ source('raw', 'correction_problems') }}
