-- Every name a place goes by (zh name and aliases), for resolving the raw region phrases of facts.
{{ catalog_names('regions', 'region_code') }}
