-- Recompute series_ends (and so the views facts_current and facts_as_first_reported) for the
-- series in `touched_series` (a temporary table of series ids filled by the replay):
-- `touched_versions`, `forget`, then `ends`; for every series of a fresh projection,
-- `all_versions` then `ends`. Parameters: none.
-- Values are ordered by publication (same-day values by acceptance time, then disclosure id,
-- as facts_as_at does): one aggregation finds each series' first and latest (published_on,
-- disclosure_id) and its first value.

-- name: touched_versions
-- The touched series' values, read once.
CREATE OR REPLACE TEMP TABLE touched_versions AS
SELECT series_id, published_on, accepted_at, disclosure_id, value FROM fact_values
WHERE series_id IN (SELECT series_id FROM touched_series);

-- name: all_versions
-- A fresh projection has every series to compute: read the table itself, not a copy of it.
CREATE OR REPLACE TEMP VIEW touched_versions AS
SELECT series_id, published_on, accepted_at, disclosure_id, value FROM fact_values;

-- name: forget
DELETE FROM series_ends WHERE series_id IN (SELECT series_id FROM touched_series);

-- name: ends
-- The order of a series' values is that of their (published_on, accepted_at, disclosure_id): ranked
-- once (a few thousand pairs), the aggregation compares integers. (Comparing the pairs
-- themselves as structs took twice as long on a million values.)
INSERT INTO series_ends
WITH ranked AS (
    SELECT published_on, disclosure_id,
           CAST(row_number() OVER (
               ORDER BY published_on, accepted_at NULLS FIRST, disclosure_id
           ) AS INTEGER) AS rank
    FROM (SELECT DISTINCT published_on, accepted_at, disclosure_id FROM touched_versions)
),
ends AS (
    SELECT v.series_id,
           CAST(count(*) AS INTEGER) AS versions,
           min(r.rank) AS first_rank,
           max(r.rank) AS last_rank,
           arg_min(v.value, r.rank) AS first_value
    FROM touched_versions v JOIN ranked r USING (published_on, disclosure_id)
    GROUP BY v.series_id
)
SELECT e.series_id, e.versions, f.published_on, f.disclosure_id, e.first_value,
       l.published_on, l.disclosure_id
FROM ends e
JOIN ranked f ON f.rank = e.first_rank
JOIN ranked l ON l.rank = e.last_rank;
