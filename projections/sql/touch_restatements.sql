-- What an incremental replay must judge again, from what its events touched:
-- `staged_series_ids(id)` (series with a new value or a restatement detected or withdrawn),
-- `staged_version_ids(id)` (series with a new value) and `staged_disclosure_ids(id)`
-- (disclosures recorded, or given declarations or discontinued operations).
--
-- A verdict (domain.restatements.assess) depends on the restatement's own two values, the
-- declarations of its restating disclosure, the issuer's discontinued operations, the
-- evidence figures of its issuer and period, and the other restatements of its restating
-- disclosure. So the restating disclosures to judge again are those of the restatements
--   * of a touched series (new, or a value added),
--   * made by a touched disclosure,
--   * of an issuer that gained a discontinued operation,
--   * of an (issuer, period) that gained a value (possible evidence),
-- and those whose restatement was withdrawn. All restatements of each such disclosure are
-- judged together (they are each other's group).

-- name: restating
CREATE OR REPLACE TEMP TABLE touched_restating AS
WITH detected AS (
    SELECT d.series_id, d.new_disclosure_id, s.issuer, s.period
    FROM detected_restatements d JOIN series s USING (series_id)
),
discontinuing AS (
    SELECT DISTINCT d.issuer
    FROM discontinued_operations o JOIN disclosures d USING (disclosure_id)
    WHERE o.disclosure_id IN (SELECT CAST(id AS UUID) FROM staged_disclosure_ids)
),
valued AS (
    SELECT DISTINCT issuer, period FROM series
    WHERE series_id IN (SELECT CAST(id AS UUID) FROM staged_version_ids)
)
SELECT new_disclosure_id AS disclosure_id FROM detected
WHERE series_id IN (SELECT CAST(id AS UUID) FROM staged_series_ids)
   OR new_disclosure_id IN (SELECT CAST(id AS UUID) FROM staged_disclosure_ids)
   OR issuer IN (SELECT issuer FROM discontinuing)
   OR (issuer, period) IN (SELECT (issuer, period) FROM valued)
UNION
SELECT restated_disclosure_id FROM restatements
WHERE series_id IN (SELECT CAST(id AS UUID) FROM staged_series_ids);

-- name: declaring
-- fact_declarations depend on a disclosure's own declarations and facts only: judge again the
-- touched disclosures and those that printed a touched series (a batch may hold a
-- disclosure's facts without its declarations). Only declaring disclosures have any.
CREATE OR REPLACE TEMP TABLE touched_declaring AS
SELECT disclosure_id FROM (
    SELECT CAST(id AS UUID) AS disclosure_id FROM staged_disclosure_ids
    UNION
    SELECT disclosure_id FROM fact_values
    WHERE series_id IN (SELECT CAST(id AS UUID) FROM staged_version_ids)
)
WHERE disclosure_id IN (SELECT disclosure_id FROM declared_restatements);

-- name: all
-- A rebuild judges everything.
CREATE OR REPLACE TEMP TABLE touched_restating AS
SELECT DISTINCT new_disclosure_id AS disclosure_id FROM detected_restatements;
CREATE OR REPLACE TEMP TABLE touched_declaring AS SELECT disclosure_id FROM disclosures;
