{{ config(materialized='view') }}
-- City- or region-wide indicators: observations that name neither a chain nor an enterprise and do not count
-- enterprises (routing in int_observations). A view over fct_observation, so as incremental as that table.
{{ routed_observations('indicator', [], []) }}
