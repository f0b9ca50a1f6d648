-- name: facts
-- The facts of the projection as at a date (NULL: as currently reported), filtered by issuer,
-- concept, period label and dimensions. A concept matches, closest first: its name or the part
-- after the prefix in any case ("revenue" is ifrs-full:Revenue), else every word of $words in
-- its label or in its name's words ("gross profit", "operating loss").
WITH found AS (
    SELECT f.issuer, concept, period, period_start, period_end, dimensions,
           printed_value AS value, unit, scale, decimals, value AS amount, published_on,
           document, line, page, label, raw, also_on_lines, f.disclosure_id, statement,
           coalesce(d.declared, '') AS declared,
           CASE
               WHEN $concept IS NULL THEN 0
               WHEN lower(concept) = lower($concept)
                 OR split_part(lower(concept), ':', 2) = lower($concept) THEN 1
               WHEN len(CAST($words AS VARCHAR[])) > 0
                AND list_bool_and(list_transform(CAST($words AS VARCHAR[]), lambda w: contains(
                        lower(label || ' ' || regexp_replace(concept, '([a-z0-9])([A-Z])',
                                                             '\1 \2', 'g')), w))) THEN 2
           END AS how
    FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31')) f
    LEFT JOIN fact_declarations d
           ON d.series_id = f.series_id AND d.disclosure_id = f.disclosure_id
    WHERE ($issuer IS NULL OR f.issuer = $issuer)
      AND ($period IS NULL OR period = $period)
      AND ($dimensions IS NULL OR dimensions = $dimensions)
)
SELECT * EXCLUDE (how, period_start, period_end)
FROM found
WHERE how IS NOT NULL
-- The closest kind of match only: "revenue" is ifrs-full:Revenue, not every revenue line.
QUALIFY how = min(how) OVER ()
ORDER BY issuer, concept, period_end, period_start NULLS FIRST, dimensions, unit;
