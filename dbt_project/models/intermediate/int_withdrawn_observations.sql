{{ config(materialized='table', post_hook=["{{ create_observations_as_of() }}"]) }}
-- depends_on: {{ ref('dim_source') }}
-- The observations of documents that left the current marts (removed from the raw directory, withdrawn or
-- superseded), resolved as fct_observation resolves the others. Kept out of fct_observation and every mart, and
-- read by observations_as_of(d) for the dates the documents were still valid (dim_source.valid_to). Only those
-- documents' facts are corrected and resolved: the same rows as resolving every fact and keeping theirs.
{{ observations(documents="select document_id from " ~ ref('int_document_withdrawals'), withdrawn=true) }}
