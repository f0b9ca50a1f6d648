-- name: statement_facts
-- Face-of-statement facts (no dimensions) of one issuer as at a date, for one period or all,
-- with the taxonomy's statement, order, standard label and layout where the concept is in it.
-- `face_statement` is the primary statement the latest version known on the date that was
-- printed on the face of one (not only in a note or a summary) stands on, NULL when none was:
-- only such figures take part in the footing checks, and a line the taxonomy does not know is
-- shown on the statement it was printed on. That version also places the line the way its
-- document does: `next_concept` is the first taxonomy line the document prints below it on the
-- same statement (within 60 lines; lowest presentation order on a shared line), `next_total`
-- the first such line that is a total or sums others. `presented_position` and
-- `presented_depth` place it as its filing's presentation linkbase does (NULL without one):
-- its order on the statement, and how deep it sits below the statement's shallowest line.
WITH shown AS (
    SELECT f.*, coalesce(d.declared, '') AS declared
    FROM facts_as_at(coalesce(CAST($as_at AS DATE), DATE '9999-12-31')) f
    LEFT JOIN fact_declarations d
           ON d.series_id = f.series_id AND d.disclosure_id = f.disclosure_id
    WHERE f.issuer = $issuer AND f.dimensions = '' AND ($period IS NULL OR f.period = $period)
),
face AS (
    SELECT v.series_id, v.disclosure_id, v.line, v.statement
    FROM fact_versions v
    WHERE v.issuer = $issuer AND v.dimensions = '' AND ($period IS NULL OR v.period = $period)
      AND v.statement IN ('income', 'comprehensive-income', 'balance', 'cashflow')
      AND v.published_on <= coalesce(CAST($as_at AS DATE), DATE '9999-12-31')
    QUALIFY row_number() OVER (
        PARTITION BY v.series_id
        ORDER BY v.published_on DESC, v.accepted_at DESC NULLS LAST, v.disclosure_id DESC
    ) = 1
),
below AS (
    SELECT face.series_id, v.concept, v.line, n.presentation_order,
           n.is_total OR len(n.components) > 0 AS sums
    FROM face
    JOIN fact_versions v
      ON v.disclosure_id = face.disclosure_id AND v.issuer = $issuer AND v.dimensions = ''
     AND v.line > face.line AND v.line <= face.line + 60 AND v.statement = face.statement
    JOIN concept_statements n ON n.concept = v.concept
),
placed AS (
    SELECT series_id,
           arg_min(concept, line * 100000 + presentation_order) AS next_concept,
           arg_min(concept, line * 100000 + presentation_order) FILTER (WHERE sums)
               AS next_total
    FROM below
    GROUP BY series_id
)
SELECT s.series_id, s.concept, s.period, s.period_start, s.period_end, s.unit, s.value, s.scale,
       s.decimals, s.label, s.document, s.line, s.page, s.statement, s.published_on, s.declared,
       c.statement AS taxonomy_statement, c.presentation_order, c.label AS standard_label,
       CASE face.statement WHEN 'comprehensive-income' THEN 'income' ELSE face.statement END
           AS face_statement,
       p.next_concept, p.next_total,
       -- The statement of comprehensive income follows the income statement it extends.
       CASE face.statement WHEN 'comprehensive-income' THEN 1000000 ELSE 0 END + pr.position
           AS presented_position,
       -- Depth below the shallowest line shown of the same statement (0 for it).
       pr.depth - min(pr.depth) OVER (PARTITION BY face.statement) AS presented_depth
FROM shown s
LEFT JOIN concept_statements c ON c.concept = s.concept
LEFT JOIN face ON face.series_id = s.series_id
LEFT JOIN placed p ON p.series_id = s.series_id
-- Where the face version's own filing presents the line, when its presentation linkbase is
-- recorded (an XBRL instance's): the statement follows it rather than the elements' order.
LEFT JOIN presentations pr
       ON pr.disclosure_id = face.disclosure_id AND pr.concept = s.concept
      AND pr.statement = face.statement;

-- name: layout_columns
-- How many of the layout columns the projection's `concepts` table has (5 once replayed by
-- this version; a file from before statement layouts has none until `ledger replay`).
SELECT count(*) FROM duckdb_columns()
WHERE table_name = 'concepts'
  AND column_name IN ('level', 'is_total', 'section', 'section_label', 'components');

-- name: statement_layout
-- The taxonomy's lines of one statement, in presentation order: where the lines only a document
-- prints are placed, and which totals sum which lines.
SELECT concept, presentation_order, label, level, is_total, section, section_label, components
FROM concept_statements
WHERE statement = $statement
ORDER BY presentation_order, concept;

-- name: issuer_periods
-- The periods of one issuer's face-of-statement figures (to name a fiscal year that is not a
-- calendar year: FY2023 of a filer whose year ends in September).
SELECT DISTINCT period, period_start, period_end
FROM series
WHERE issuer = $issuer AND dimensions = '';
