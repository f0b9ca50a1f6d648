-- name: statement_facts
-- Face-of-statement facts (no dimensions) of one issuer as at a date, for one period or all.
SELECT f.series_id, concept, period, period_start, period_end, unit, value, scale, decimals,
       label, document, line, statement, published_on, coalesce(d.declared, '') AS declared
FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31')) f
LEFT JOIN fact_declarations d
       ON d.series_id = f.series_id AND d.disclosure_id = f.disclosure_id
WHERE f.issuer = $issuer AND dimensions = '' AND ($period IS NULL OR period = $period);
