-- Every name an enterprise goes by (洛钼集团 / 洛阳钼业 / CMOC …), for resolving the enterprise phrases of facts.
{{ catalog_names('enterprises', 'enterprise_code') }}
