-- name: facts
-- The facts of the projection as at a date (NULL: as currently reported), filtered by issuer,
-- concept (full name, or the part after the prefix), period label and dimensions.
SELECT f.issuer, concept, period, dimensions, printed_value AS value, unit, scale, decimals,
       value AS amount, published_on, document, line, label, raw, also_on_lines,
       f.disclosure_id, statement, coalesce(d.declared, '') AS declared
FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31')) f
LEFT JOIN fact_declarations d
       ON d.series_id = f.series_id AND d.disclosure_id = f.disclosure_id
WHERE ($issuer IS NULL OR f.issuer = $issuer)
  AND ($concept IS NULL OR concept = $concept OR concept LIKE '%:' || $concept)
  AND ($period IS NULL OR period = $period)
  AND ($dimensions IS NULL OR dimensions = $dimensions)
ORDER BY f.issuer, concept, period_end, period_start NULLS FIRST, dimensions, unit;
