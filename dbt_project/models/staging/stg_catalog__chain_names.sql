-- Every name a chain, industry, cluster or 风口 field goes by, for resolving the chain phrases of facts.
{{ catalog_names('chains', 'chain_code') }}
