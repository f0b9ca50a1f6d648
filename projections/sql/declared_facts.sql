-- The `fact_declarations` rows of the disclosures in `touched_declaring`: which restatement
-- declarations of its own disclosure speak about each fact. Whether a declaration applies
-- depends only on the fact's period, primary statement and disclosure (domain rule
-- `applies_to`), so Python judges each distinct combination once and SQL fans the verdicts out
-- to the facts (hundreds of thousands on a large ledger).

-- name: base
-- Facts of the disclosures in `touched_declaring` that declare restatements.
CREATE OR REPLACE TEMP TABLE declared_base AS
SELECT v.series_id, v.disclosure_id, v.issuer, v.concept, v.period_start, v.period_end,
       v.statement, v.published_on, d.period_end AS disclosure_period_end
FROM fact_versions v JOIN disclosures d USING (disclosure_id)
WHERE v.disclosure_id IN (SELECT disclosure_id FROM touched_declaring)
  AND v.disclosure_id IN (SELECT disclosure_id FROM declared_restatements);

-- name: statements
SELECT DISTINCT concept, period_start, period_end, statement FROM declared_base;

-- name: keys
-- `staged_statements(concept, period_start, period_end, statement, primary_statement)`.
SELECT DISTINCT b.disclosure_id, b.period_start, b.period_end, s.primary_statement,
       b.published_on, b.disclosure_period_end
FROM declared_base b
JOIN staged_statements s
  ON s.concept = b.concept AND s.period_end = b.period_end AND s.statement = b.statement
 AND s.period_start IS NOT DISTINCT FROM b.period_start;

-- name: insert
-- `staged_declared(disclosure_id, period_start, period_end, primary_statement, published_on,
-- disclosure_period_end, declared)`: the combinations some declaration applies to.
INSERT INTO fact_declarations (series_id, disclosure_id, issuer, declared)
SELECT b.series_id, b.disclosure_id, b.issuer, k.declared
FROM declared_base b
JOIN staged_statements s
  ON s.concept = b.concept AND s.period_end = b.period_end AND s.statement = b.statement
 AND s.period_start IS NOT DISTINCT FROM b.period_start
JOIN staged_declared k
  ON CAST(k.disclosure_id AS UUID) = b.disclosure_id AND k.period_end = b.period_end
 AND k.period_start IS NOT DISTINCT FROM b.period_start
 AND k.primary_statement = s.primary_statement AND k.published_on = b.published_on
 AND k.disclosure_period_end = b.disclosure_period_end;
