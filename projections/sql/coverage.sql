-- name: coverage
-- What the ledger holds for an issuer (NULL: every issuer) as at a date (NULL: now), to say why
-- a question found nothing: the periods with figures (of one primary statement when $statement
-- is set: the taxonomy's statement of the concept, or the statement the figure was printed on),
-- dates and durations apart, each in time order, and the first and last publication dates.
WITH periods AS (
    SELECT DISTINCT f.period, f.period_start, f.period_end
    FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31')) f
    LEFT JOIN concept_statements c ON c.concept = f.concept
    WHERE ($issuer IS NULL OR f.issuer = $issuer)
      AND ($statement IS NULL
           OR (f.dimensions = '' AND (c.statement = $statement OR f.statement = $statement)))
)
SELECT coalesce(list(period ORDER BY period_end) FILTER (WHERE period_start IS NULL), [])
           AS dates,
       coalesce(list(period ORDER BY period_end, period_start DESC)
                FILTER (WHERE period_start IS NOT NULL), []) AS durations,
       (SELECT min(published_on) FROM disclosures
        WHERE $issuer IS NULL OR issuer = $issuer) AS first_published,
       (SELECT max(published_on) FROM disclosures
        WHERE ($issuer IS NULL OR issuer = $issuer)
          AND published_on <= coalesce(CAST($as_at AS DATE), DATE '9999-12-31'))
           AS last_published
FROM periods;
