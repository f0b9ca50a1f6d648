-- Recompute series_ends (and so the views facts_current and facts_as_first_reported) for the
-- series in `touched_series` (a temporary table of series ids filled by the replay):
-- `touched_versions`, `forget`, then `ends`; for every series of a fresh projection,
-- `all_versions` then `ends`. Parameters: none.
-- Values are ordered by publication (same-day values by disclosure id, as facts_as_at does):
-- one aggregation finds each series' first and latest (published_on, disclosure_id) and its
-- first value.

-- name: touched_versions
-- The touched series' values, read once.
CREATE OR REPLACE TEMP TABLE touched_versions AS
SELECT series_id, published_on, disclosure_id, value FROM fact_values
WHERE series_id IN (SELECT series_id FROM touched_series);

-- name: all_versions
-- A fresh projection has every series to compute: read the table itself, not a copy of it.
CREATE OR REPLACE TEMP VIEW touched_versions AS
SELECT series_id, published_on, disclosure_id, value FROM fact_values;

-- name: forget
DELETE FROM series_ends WHERE series_id IN (SELECT series_id FROM touched_series);

-- name: ends
INSERT INTO series_ends
SELECT series_id, versions, first_key[1], first_key[2], first_value, last_key[1], last_key[2]
FROM (
    SELECT series_id,
           count(*)::INTEGER AS versions,
           min((published_on, disclosure_id)) AS first_key,
           max((published_on, disclosure_id)) AS last_key,
           arg_min(value, (published_on, disclosure_id)) AS first_value
    FROM touched_versions
    GROUP BY series_id
);
