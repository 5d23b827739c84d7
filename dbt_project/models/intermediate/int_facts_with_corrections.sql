-- Every fact after the reviewed decisions of data/corrections/ (raw.facts itself is never changed): `set` decisions
-- change fields of the fact they name (the latest decision per field wins), `reject` removes it, `add` contributes
-- a fact the extractor missed (its evidence cut from the document by span), and `alias` decisions code every fact
-- whose subject, region, chain or enterprise is the phrase. A fact is named by document hash (or a prefix), span
-- and value, so decisions survive re-ingestion and re-extraction. Every row a decision touched says so
-- (corrected, correction_id, correction_reason); `is_withdrawn` marks the facts of documents that left the
-- current marts (int_document_withdrawals). Which decisions matched nothing: mart_corrections.
{{ corrected_facts() }}
