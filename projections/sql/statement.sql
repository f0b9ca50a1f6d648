-- name: statement_facts
-- Face-of-statement facts (no dimensions) of one issuer as at a date, for one period or all.
SELECT series_id, concept, period, period_start, period_end, unit, value, scale, decimals,
       label, document, line, statement, published_on
FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31'))
WHERE issuer = $issuer AND dimensions = '' AND ($period IS NULL OR period = $period);
