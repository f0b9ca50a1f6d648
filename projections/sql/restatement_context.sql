-- The context the rules judge the restatements made by the disclosures in `touched_restating`
-- with (see touch_restatements.sql), and the declarations of those in `touched_declaring`.

-- name: declarations
-- What the restating and the declaring disclosures declared about their comparatives (rules
-- look declarations up by disclosure, so one list serves the verdicts and fact_declarations).
SELECT r.disclosure_id, r.kind, r.standard, r.periods, r.reason, d.source_file AS document,
       r.first_line, r.last_line, r.scope, r.operation, r.effective_from
FROM declared_restatements r JOIN disclosures d USING (disclosure_id)
WHERE r.disclosure_id IN (SELECT disclosure_id FROM touched_restating
                          UNION SELECT disclosure_id FROM touched_declaring);

-- name: discontinued
-- Every discontinued operation of the restating disclosures' issuers.
SELECT d.issuer, o.operation, d.published_on, o.completed_on, d.source_file AS document,
       o.first_line
FROM discontinued_operations o JOIN disclosures d USING (disclosure_id)
WHERE d.issuer IN (
    SELECT issuer FROM disclosures
    WHERE disclosure_id IN (SELECT disclosure_id FROM touched_restating));

-- name: evidence
-- Figures that can account for a change: amounts of discontinued operations (an IFRS 5
-- re-presentation must tie out to them) and the components of printed ratios (their local
-- names: domain.restatements.RATIOS). The rules look evidence up by the restated figure's own
-- issuer and period only (Context.find), and ratio components only for a restated percentage,
-- so only those series are read: found in `series`, then their values by series id.
WITH restated AS (
    SELECT s.issuer, s.period, bool_or(s.unit = '%') AS ratio
    FROM detected_restatements d JOIN series s USING (series_id)
    WHERE d.new_disclosure_id IN (SELECT disclosure_id FROM touched_restating)
    GROUP BY s.issuer, s.period
),
wanted AS (
    SELECT s.series_id
    FROM series s JOIN restated r ON r.issuer = s.issuer AND r.period = s.period
    WHERE contains(s.dimensions, 'operations=discontinued')
       OR (r.ratio AND split_part(s.concept, ':', 2) IN (
               'Revenue', 'GrossProfit', 'NonIfrsGrossProfit',
               'ProfitLossFromOperatingActivities', 'ProfitLossAttributableToOwnersOfParent',
               'ProfitLossFromContinuingOperationsAttributableToOwnersOfParent'))
)
SELECT issuer, concept, period, period_start, period_end, dimensions, value, decimals, scale,
       published_on, accepted_at, disclosure_id, document, line
FROM fact_versions
WHERE series_id IN (SELECT series_id FROM wanted);

-- The facts the declarations speak about (fact_declarations): see declared_facts.sql.

-- name: earlier_figures
-- The figures beside each restated one: every undimensioned figure of the same issuer, period
-- and unit that the restated or the restating disclosure states, with both values (NULL where
-- one of them does not state it). A line the restating disclosure no longer states may have
-- been folded into a restated one; a discontinued-operations line it newly states marks a
-- re-presentation (domain: restatements.folded_line, discontinued_recast).
WITH pairs AS (
    SELECT DISTINCT d.previous_disclosure_id, d.new_disclosure_id, s.issuer, s.period, s.unit
    FROM detected_restatements d JOIN series s USING (series_id)
    WHERE d.new_disclosure_id IN (SELECT disclosure_id FROM touched_restating)
      AND s.dimensions = ''
)
SELECT CAST(p.previous_disclosure_id AS VARCHAR) AS previous_id,
       CAST(p.new_disclosure_id AS VARCHAR) AS new_id,
       p.issuer, p.period, p.unit, s.concept, v.value, v.decimals,
       n.value AS new_value, n.decimals AS new_decimals
FROM pairs p
JOIN series s ON s.issuer = p.issuer AND s.period = p.period AND s.unit = p.unit
             AND s.dimensions = ''
LEFT JOIN fact_values v ON v.series_id = s.series_id AND v.disclosure_id = p.previous_disclosure_id
LEFT JOIN fact_values n ON n.series_id = s.series_id AND n.disclosure_id = p.new_disclosure_id
WHERE v.series_id IS NOT NULL OR n.series_id IS NOT NULL;

-- name: calculations
-- The calculation linkbases of the restating disclosures and of the disclosures they restate:
-- a move between two lines is a reclassification only when it preserves their total.
SELECT CAST(disclosure_id AS VARCHAR) AS disclosure_id, total, component, weight
FROM calculations
WHERE disclosure_id IN (
    SELECT disclosure_id FROM touched_restating
    UNION
    SELECT previous_disclosure_id FROM detected_restatements
    WHERE new_disclosure_id IN (SELECT disclosure_id FROM touched_restating)
);
