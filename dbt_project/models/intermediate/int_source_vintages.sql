-- Documents as vintages of their release (ALFRED-style real-time periods): vintage N of a release is what
-- was known from its publication until the next vintage of the same release appeared.
{{ source_vintages(ref('stg_raw__documents')) }}
