-- Append one batch of disclosed values (registered by the replay as `staged_versions`), with
-- their disclosure's issuer and acceptance time; the view fact_versions adds their series'
-- columns. A value whose disclosure is not recorded is refused rather than dropped (as in
-- bulk_decode.sql).
INSERT INTO fact_values
SELECT CAST(v.series_id AS UUID),
       CASE WHEN d.issuer IS NULL
            THEN CAST(error('a stored value of series ' || v.series_id || ' names disclosure '
                            || v.disclosure_id || ', which the store never registered')
                      AS VARCHAR)
            ELSE d.issuer END,
       CAST(v.value AS DECIMAL(38, 10)), v.scale,
       v.decimals, CAST(v.published_on AS DATE), CAST(v.disclosure_id AS UUID), v.document,
       v.line, v.label, v.raw, v.statement, v.also_on_lines, d.accepted_at,
       CAST(v.page AS INTEGER)
FROM staged_versions v
LEFT JOIN disclosures d ON d.disclosure_id = CAST(v.disclosure_id AS UUID);
