-- Append one batch of disclosed values (registered by the replay as `staged_versions`),
-- joined to their series for the key columns.
INSERT INTO fact_versions
SELECT s.series_id, s.issuer, s.concept, s.period, s.period_start, s.period_end,
       s.dimensions, s.unit,
       CAST(v.value AS DECIMAL(38, 10)), CAST(v.printed_value AS DECIMAL(38, 10)),
       v.scale, v.decimals, CAST(v.published_on AS DATE), CAST(v.disclosure_id AS UUID),
       v.document, v.line, v.label, v.raw, v.statement, v.also_on_lines
FROM staged_versions v
JOIN series s ON s.series_id = CAST(v.series_id AS UUID);
