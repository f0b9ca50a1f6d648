-- name: facts
-- The facts of the projection as at a date (NULL: as currently reported), filtered by issuer,
-- concept (full name, or the part after the prefix), period label and dimensions.
SELECT issuer, concept, period, dimensions, printed_value AS value, unit, scale, decimals,
       value AS amount, published_on, document, line, label, raw, also_on_lines, disclosure_id, statement
FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31'))
WHERE ($issuer IS NULL OR issuer = $issuer)
  AND ($concept IS NULL OR concept = $concept OR concept LIKE '%:' || $concept)
  AND ($period IS NULL OR period = $period)
  AND ($dimensions IS NULL OR dimensions = $dimensions)
ORDER BY issuer, concept, period_end, period_start NULLS FIRST, dimensions, unit;
