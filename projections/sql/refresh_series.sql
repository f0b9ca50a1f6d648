-- Recompute facts_current and facts_as_first_reported for the series in `touched_series`
-- (a temporary table of series ids filled by the replay). Parameters: none.
-- One window pass ranks every value of the touched series in publication order (same-day
-- values by disclosure id, as facts_as_at does); the latest and the first are read off it.
DELETE FROM facts_current WHERE series_id IN (SELECT series_id FROM touched_series);
DELETE FROM facts_as_first_reported WHERE series_id IN (SELECT series_id FROM touched_series);

CREATE OR REPLACE TEMP TABLE ranked_versions AS
SELECT v.*,
       row_number() OVER w AS rank_in_series,
       count(*) OVER (PARTITION BY v.series_id)::INTEGER AS versions,
       first_value(v.value) OVER w AS first_value,
       first_value(v.published_on) OVER w AS first_published_on
FROM fact_versions v
WHERE v.series_id IN (SELECT series_id FROM touched_series)
WINDOW w AS (PARTITION BY v.series_id ORDER BY v.published_on, v.disclosure_id);

INSERT INTO facts_current
SELECT * EXCLUDE (rank_in_series) FROM ranked_versions WHERE rank_in_series = versions;

INSERT INTO facts_as_first_reported
SELECT * EXCLUDE (rank_in_series, first_value, first_published_on)
FROM ranked_versions WHERE rank_in_series = 1;

DROP TABLE ranked_versions;
