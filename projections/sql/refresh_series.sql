-- Recompute facts_current and facts_as_first_reported for the series in `touched_series`
-- (a temporary table of series ids filled by the replay). Parameters: none.
DELETE FROM facts_current WHERE series_id IN (SELECT series_id FROM touched_series);
DELETE FROM facts_as_first_reported WHERE series_id IN (SELECT series_id FROM touched_series);

INSERT INTO facts_current
SELECT v.*,
       count(*) OVER w_all::INTEGER AS versions,
       first_value(v.value) OVER w_all AS first_value,
       first_value(v.published_on) OVER w_all AS first_published_on
FROM fact_versions v
WHERE v.series_id IN (SELECT series_id FROM touched_series)
WINDOW w_all AS (
    PARTITION BY v.series_id ORDER BY v.published_on, v.disclosure_id
    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
)
QUALIFY row_number() OVER (
    PARTITION BY v.series_id ORDER BY v.published_on DESC, v.disclosure_id DESC
) = 1;

INSERT INTO facts_as_first_reported
SELECT v.*, count(*) OVER (PARTITION BY v.series_id)::INTEGER AS versions
FROM fact_versions v
WHERE v.series_id IN (SELECT series_id FROM touched_series)
QUALIFY row_number() OVER (
    PARTITION BY v.series_id ORDER BY v.published_on, v.disclosure_id
) = 1;
