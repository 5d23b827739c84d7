{{ config(materialized='table', post_hook=["{{ create_observations_as_of() }}"]) }}
-- depends_on: {{ ref('dim_source') }}
-- The observations of documents that left the current marts (removed from the raw directory, withdrawn or
-- superseded), resolved as fct_observation resolves the others. Kept out of fct_observation and every mart, and
-- read by observations_as_of(d) for the dates the documents were still valid (dim_source.valid_to).
{{ observations(withdrawn=true) }}
