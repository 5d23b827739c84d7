{{ config(materialized='view') }}
-- Observations about one enterprise (洛阳钼业 in the global top 1000) or counting enterprises of a category
-- (规上工业企业 1783 家, 专精特新 482 家, 上市公司 16 家); enterprise_key is null for category counts.
-- A view over fct_observation.
{{ routed_observations('enterprise', ['enterprise_key', 'chain_key'],
    ['is_enterprise_category_count', 'enterprise_name', 'chain_name']) }}
