-- name: declarations
-- What the touched issuers' disclosures declared about their comparatives.
SELECT r.disclosure_id, r.kind, r.standard, r.periods, r.reason, d.source_file AS document,
       r.first_line, r.last_line, r.scope, r.operation, r.effective_from
FROM declared_restatements r JOIN disclosures d USING (disclosure_id)
WHERE d.issuer IN (SELECT issuer FROM touched_issuers);

-- name: discontinued
SELECT d.issuer, o.operation, d.published_on, o.completed_on, d.source_file AS document,
       o.first_line
FROM discontinued_operations o JOIN disclosures d USING (disclosure_id)
WHERE d.issuer IN (SELECT issuer FROM touched_issuers);

-- name: evidence
-- Figures that can account for a change: amounts of discontinued operations (an IFRS 5
-- re-presentation must tie out to them) and the components of printed ratios. The rules look
-- evidence up by the restated figure's own issuer and period only (Context.find), and ratio
-- components only for a restated percentage, so nothing else is read.
WITH restated AS (
    SELECT DISTINCT s.issuer, s.period, s.unit = '%' AS ratio
    FROM detected_restatements d JOIN series s USING (series_id)
    WHERE s.issuer IN (SELECT issuer FROM touched_issuers)
)
SELECT issuer, concept, period, period_start, period_end, dimensions, value, decimals, scale,
       published_on, disclosure_id, document, line
FROM fact_versions
WHERE (dimensions LIKE '%operations=discontinued%'
       AND (issuer, period) IN (SELECT (issuer, period) FROM restated))
   OR (regexp_matches(concept, ':(Revenue|GrossProfit|NonIfrsGrossProfit|ProfitLossFromOperatingActivities|ProfitLossAttributableToOwnersOfParent|ProfitLossFromContinuingOperationsAttributableToOwnersOfParent)$')
       AND (issuer, period) IN (SELECT (issuer, period) FROM restated WHERE ratio));

-- The facts the declarations speak about (fact_declarations): see declared_facts.sql.
