{{ config(materialized='view') }}
-- Observations about one industrial chain, industry, cluster or 风口 field (先进装备制造 营业收入 5000 亿元),
-- routed by int_observations: a chain is named and no enterprise is. A view over fct_observation.
{{ routed_observations('chain', ['chain_key'], ['chain_name']) }}
