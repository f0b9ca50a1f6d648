-- Apply one batch of FactRestated / FactRestatementWithdrawn events (registered as
-- `staged_detected`, the last event per key with keep = true/false).
DELETE FROM detected_restatements
WHERE (series_id, previous_disclosure_id, new_disclosure_id) IN (
    SELECT (CAST(series_id AS UUID), CAST(previous_disclosure_id AS UUID),
            CAST(new_disclosure_id AS UUID))
    FROM staged_detected
);
INSERT INTO detected_restatements
SELECT CAST(series_id AS UUID), CAST(previous_disclosure_id AS UUID),
       CAST(new_disclosure_id AS UUID)
FROM staged_detected WHERE keep;
