-- name: restatement_inputs
-- Detected restatements made by the disclosures in `touched_restating`, with both vintages'
-- provenance.
-- Ids as text: the rows written back need the text, and Python makes each UUID once.
-- The values of the restated series are read in one scan of fact_values (materialised, so the
-- two sides of each restatement do not scan it twice).
--
-- The previous value (p_) is the one the restating disclosure changed: the latest published
-- before it. Where that figure was first printed (o_) is the earliest disclosure of the run of
-- identical values that ends with it: a later document that only repeated the figure is
-- listed in `repeated_in` (in publication order), never named as the original. Publication
-- order is that of every other answer: the day, then the acceptance time (none first), then
-- the disclosure id.
WITH detected AS (
    SELECT series_id, previous_disclosure_id, new_disclosure_id
    FROM detected_restatements
    WHERE new_disclosure_id IN (SELECT disclosure_id FROM touched_restating)
),
restated AS MATERIALIZED (
    SELECT series_id, disclosure_id, published_on, value, decimals, document, line, label,
           page, scale, statement,
           (published_on, coalesce(accepted_at, TIMESTAMP '-infinity'), disclosure_id) AS position
    FROM fact_values
    WHERE series_id IN (SELECT series_id FROM detected)
),
-- Every value of the series up to the previous one, with the previous one beside it.
earlier AS (
    SELECT d.series_id, d.previous_disclosure_id, d.new_disclosure_id, v.disclosure_id,
           v.published_on, v.position, v.document, v.line, v.page,
           v.value <> p.value AS other_figure
    FROM detected d
    JOIN restated p ON p.series_id = d.series_id AND p.disclosure_id = d.previous_disclosure_id
    JOIN restated v ON v.series_id = d.series_id AND v.position <= p.position
),
-- The run of the previous figure: the values after the last different one.
run AS (
    SELECT e.*
    FROM earlier e
    WHERE NOT e.other_figure
      AND NOT EXISTS (
          SELECT 1 FROM earlier x
          WHERE x.series_id = e.series_id AND x.new_disclosure_id = e.new_disclosure_id
            AND x.previous_disclosure_id = e.previous_disclosure_id AND x.other_figure
            AND x.position > e.position
      )
),
origin AS (
    SELECT series_id, previous_disclosure_id, new_disclosure_id,
           arg_min(disclosure_id, position) AS o_id,
           min(published_on) AS o_on,
           arg_min(document, position) AS o_doc,
           arg_min(line, position) AS o_line,
           arg_min(page, position) AS o_page,
           list(document ORDER BY position) AS run_documents
    FROM run
    GROUP BY ALL
)
SELECT CAST(d.series_id AS VARCHAR) AS series_id, s.issuer, s.concept, s.period, s.dimensions, s.unit,
       CAST(p.disclosure_id AS VARCHAR) AS p_id, p.published_on AS p_on, p.value AS p_value, p.decimals AS p_dec,
       p.document AS p_doc, p.line AS p_line, p.label AS p_label, p.page AS p_page,
       CAST(n.disclosure_id AS VARCHAR) AS n_id, n.published_on AS n_on, n.value AS n_value, n.decimals AS n_dec,
       n.document AS n_doc, n.line AS n_line, n.label AS n_label, n.page AS n_page,
       n.scale AS n_scale,
       n.statement AS n_statement,
       CAST(o.o_id AS VARCHAR) AS o_id, o.o_on, o.o_doc, o.o_line, o.o_page,
       o.run_documents[2:] AS repeated_in
FROM detected d
JOIN series s ON s.series_id = d.series_id
JOIN restated p ON p.series_id = d.series_id AND p.disclosure_id = d.previous_disclosure_id
JOIN restated n ON n.series_id = d.series_id AND n.disclosure_id = d.new_disclosure_id
JOIN origin o ON o.series_id = d.series_id AND o.previous_disclosure_id = d.previous_disclosure_id
 AND o.new_disclosure_id = d.new_disclosure_id;
