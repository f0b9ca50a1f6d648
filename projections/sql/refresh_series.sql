-- Recompute facts_current and facts_as_first_reported for the series in `touched_series`
-- (a temporary table of series ids filled by the replay): `touched_versions` (or
-- `all_versions`), then `refresh`. Parameters: none.
-- Values are ordered by publication (same-day values by disclosure id, as facts_as_at does).
-- One aggregation finds each touched series' first and latest (published_on, disclosure_id)
-- and its first value; two joins fetch those rows. (A window ranking every value costs about
-- twice as much: it sorts each series' rows and materialises all of them.)
-- name: touched_versions
-- The touched series' values, read once (each statement below would scan fact_versions).
CREATE OR REPLACE TEMP TABLE touched_versions AS
SELECT * FROM fact_versions WHERE series_id IN (SELECT series_id FROM touched_series);

-- name: all_versions
-- A rebuild touches every series: read the table itself rather than a copy of it.
CREATE OR REPLACE TEMP VIEW touched_versions AS SELECT * FROM fact_versions;

-- name: refresh
DELETE FROM facts_current WHERE series_id IN (SELECT series_id FROM touched_series);
DELETE FROM facts_as_first_reported WHERE series_id IN (SELECT series_id FROM touched_series);


CREATE OR REPLACE TEMP TABLE series_ends AS
SELECT series_id,
       count(*)::INTEGER AS versions,
       max((published_on, disclosure_id)) AS last_key,
       min((published_on, disclosure_id)) AS first_key,
       arg_min(value, (published_on, disclosure_id)) AS first_value
FROM touched_versions
GROUP BY series_id;

INSERT INTO facts_current
SELECT v.*, e.versions, e.first_value, e.first_key[1]
FROM touched_versions v
JOIN series_ends e
  ON e.series_id = v.series_id AND (v.published_on, v.disclosure_id) = e.last_key;

INSERT INTO facts_as_first_reported
SELECT v.*, e.versions
FROM touched_versions v
JOIN series_ends e
  ON e.series_id = v.series_id AND (v.published_on, v.disclosure_id) = e.first_key;

DROP TABLE series_ends;
