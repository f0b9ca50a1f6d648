-- name: statement_facts
-- Face-of-statement facts (no dimensions) of one issuer as at a date, for one period or all,
-- with the taxonomy's statement, order and standard label where the concept is in it.
SELECT f.series_id, f.concept, period, period_start, period_end, unit, value, scale, decimals,
       f.label, document, line, f.statement, published_on, coalesce(d.declared, '') AS declared,
       c.statement AS taxonomy_statement, c.presentation_order, c.label AS standard_label
FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31')) f
LEFT JOIN fact_declarations d
       ON d.series_id = f.series_id AND d.disclosure_id = f.disclosure_id
LEFT JOIN concept_statements c ON c.concept = f.concept
WHERE f.issuer = $issuer AND dimensions = '' AND ($period IS NULL OR period = $period);
