"""Serving the published warehouse: read-only SQL, status, exports. Readers never open the build database."""
