-- name: restatements
-- Restatements, filtered by issuer, period label and explained-ness, in a stable order.
SELECT r.*,
       coalesce((
           SELECT list({'rule': t.rule, 'expected': t.expected, 'actual': t.actual,
                        'tolerance': t.tolerance, 'passed': t.passed, 'evidence': t.evidence}
                       ORDER BY t.rule)
           FROM tieouts t
           WHERE t.series_id = r.series_id AND t.restated_disclosure_id = r.restated_disclosure_id
       ), []) AS tieouts
FROM restatements r
WHERE ($issuer IS NULL OR r.issuer = $issuer)
  AND ($period IS NULL OR r.period = $period)
  AND (NOT $unexplained OR NOT r.explained)
ORDER BY r.issuer, r.period_end, r.period, r.statement, r.concept, r.dimensions,
         r.restated_published_on;
