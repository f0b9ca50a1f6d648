-- name: restatement_inputs
-- Detected restatements made by the disclosures in `touched_restating`, with both vintages'
-- provenance.
-- Ids as text: the rows written back need the text, and Python makes each UUID once.
-- The values of the restated series are read in one scan of fact_values (materialised, so the
-- two sides of each restatement do not scan it twice).
WITH detected AS (
    SELECT series_id, previous_disclosure_id, new_disclosure_id
    FROM detected_restatements
    WHERE new_disclosure_id IN (SELECT disclosure_id FROM touched_restating)
),
restated AS MATERIALIZED (
    SELECT series_id, disclosure_id, published_on, value, decimals, document, line, label,
           page, scale, statement
    FROM fact_values
    WHERE series_id IN (SELECT series_id FROM detected)
)
SELECT CAST(d.series_id AS VARCHAR) AS series_id, s.issuer, s.concept, s.period, s.dimensions, s.unit,
       CAST(p.disclosure_id AS VARCHAR) AS p_id, p.published_on AS p_on, p.value AS p_value, p.decimals AS p_dec,
       p.document AS p_doc, p.line AS p_line, p.label AS p_label, p.page AS p_page,
       CAST(n.disclosure_id AS VARCHAR) AS n_id, n.published_on AS n_on, n.value AS n_value, n.decimals AS n_dec,
       n.document AS n_doc, n.line AS n_line, n.label AS n_label, n.page AS n_page,
       n.scale AS n_scale,
       n.statement AS n_statement
FROM detected d
JOIN series s ON s.series_id = d.series_id
JOIN restated p ON p.series_id = d.series_id AND p.disclosure_id = d.previous_disclosure_id
JOIN restated n ON n.series_id = d.series_id AND n.disclosure_id = d.new_disclosure_id;
