-- Append one batch of disclosed values (registered by the replay as `staged_versions`), with
-- their disclosure's issuer; the view fact_versions adds their series' columns.
INSERT INTO fact_values
SELECT CAST(v.series_id AS UUID), d.issuer, CAST(v.value AS DECIMAL(38, 10)), v.scale,
       v.decimals, CAST(v.published_on AS DATE), CAST(v.disclosure_id AS UUID), v.document,
       v.line, v.label, v.raw, v.statement, v.also_on_lines
FROM staged_versions v
JOIN disclosures d ON d.disclosure_id = CAST(v.disclosure_id AS UUID);
