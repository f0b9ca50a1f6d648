-- name: diff
-- Every series of one issuer whose as-at value differs between two dates, and the series
-- that appear (known at $to only) or disappear (known at $from only).
WITH a AS (SELECT * FROM facts_as_at(CAST($from_date AS DATE)) WHERE issuer = $issuer),
     b AS (SELECT * FROM facts_as_at(CAST($to_date AS DATE)) WHERE issuer = $issuer)
SELECT coalesce(b.concept, a.concept) AS concept,
       coalesce(b.period, a.period) AS period,
       coalesce(b.period_end, a.period_end) AS period_end,
       coalesce(b.dimensions, a.dimensions) AS dimensions,
       coalesce(b.unit, a.unit) AS unit,
       coalesce(b.scale, a.scale) AS scale,
       coalesce(b.decimals, a.decimals) AS decimals,
       a.value AS from_amount,
       b.value AS to_amount,
       CASE WHEN a.series_id IS NULL THEN 'appeared'
            WHEN b.series_id IS NULL THEN 'disappeared'
            ELSE 'changed' END AS change,
       a.document AS from_document, a.line AS from_line,
       b.document AS to_document, b.line AS to_line
FROM a FULL OUTER JOIN b ON a.series_id = b.series_id
WHERE a.series_id IS NULL OR b.series_id IS NULL OR a.value <> b.value
ORDER BY change, concept, period_end, period, dimensions;
