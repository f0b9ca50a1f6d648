-- The issuers a replay batch touched (through their series or their disclosures), whose
-- restatement verdicts must be recomputed.
CREATE OR REPLACE TEMP TABLE touched_issuers AS
SELECT issuer FROM series WHERE series_id IN (SELECT CAST(id AS UUID) FROM staged_series_ids)
UNION
SELECT issuer FROM disclosures
WHERE disclosure_id IN (SELECT CAST(id AS UUID) FROM staged_disclosure_ids);
