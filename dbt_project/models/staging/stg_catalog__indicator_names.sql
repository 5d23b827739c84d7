-- Every name an indicator goes by, normalised like fact subjects (规模以上 → 规上, trailing 数量 dropped).
{{ catalog_names('indicators', 'indicator_code', 'subject') }}
