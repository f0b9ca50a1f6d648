-- name: diff
-- Every series of one issuer whose as-at value differs between two dates, and the series
-- that appear (known at $to only) or disappear (known at $from only): changed figures first,
-- then those that disappeared, then those that appeared. Filters (NULL: all): $changed_only,
-- $concepts (a list of concept names), $period (a label), $statement (the taxonomy's statement
-- of the concept, or the statement the figure was printed on at either date).
WITH a AS (SELECT * FROM facts_as_at(CAST($from_date AS DATE)) WHERE issuer = $issuer),
     b AS (SELECT * FROM facts_as_at(CAST($to_date AS DATE)) WHERE issuer = $issuer),
     changes AS (
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
           a.document AS from_document, a.line AS from_line, a.page AS from_page,
           b.document AS to_document, b.line AS to_line, b.page AS to_page,
           a.statement AS from_statement, b.statement AS to_statement
    FROM a FULL OUTER JOIN b ON a.series_id = b.series_id
    WHERE a.series_id IS NULL OR b.series_id IS NULL OR a.value <> b.value
)
SELECT changes.* EXCLUDE (from_statement, to_statement)
FROM changes
LEFT JOIN concept_statements c ON c.concept = changes.concept
WHERE (NOT coalesce(CAST($changed_only AS BOOLEAN), false) OR change = 'changed')
  AND ($concepts IS NULL OR list_contains(CAST($concepts AS VARCHAR[]), changes.concept))
  AND ($period IS NULL OR period = $period)
  AND ($statement IS NULL OR c.statement = $statement OR from_statement = $statement
       OR to_statement = $statement)
ORDER BY CASE change WHEN 'changed' THEN 0 WHEN 'disappeared' THEN 1 ELSE 2 END,
         concept, period_end, period, dimensions;
