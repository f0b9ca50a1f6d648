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
-- re-presentation must tie out to them) and the components of printed ratios.
SELECT issuer, concept, period, period_start, period_end, dimensions, value, decimals, scale,
       published_on, disclosure_id, document, line
FROM fact_versions
WHERE issuer IN (SELECT issuer FROM touched_issuers)
  AND (dimensions LIKE '%operations=discontinued%'
       OR regexp_matches(concept, ':(Revenue|GrossProfit|NonIfrsGrossProfit|ProfitLossFromOperatingActivities|ProfitLossAttributableToOwnersOfParent|ProfitLossFromContinuingOperationsAttributableToOwnersOfParent)$'));

-- name: declared_facts
-- Facts of the touched issuers printed by disclosures that declare restatements.
SELECT v.series_id, v.disclosure_id, v.issuer, v.concept, v.period_start, v.period_end,
       v.statement, v.published_on, d.period_end AS disclosure_period_end
FROM fact_versions v JOIN disclosures d USING (disclosure_id)
WHERE v.issuer IN (SELECT issuer FROM touched_issuers)
  AND v.disclosure_id IN (SELECT disclosure_id FROM declared_restatements);
