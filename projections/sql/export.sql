-- `ledger export --as-at D`: each projection table as the ledger stood on D, from what had been
-- published by then (published_on, never the recording time). One section per table; a table
-- without a section cannot be exported as at a date (the export refuses rather than copying it
-- unfiltered). Parameter: $as_at (DATE).
--
-- Facts: the versions published by D, and the latest and first of them per series (the same
-- window as refresh_series.sql, over those versions only). Documents and what they state
-- (declarations, disposals, conflicts, checks): those published by D. Restatements and their
-- tie-outs: those whose restating document was published by D, with today's verdict.
-- Reference data (issuers, concepts): whole.

-- name: issuers
SELECT * FROM issuers

-- name: concepts
SELECT * FROM concepts

-- name: disclosures
SELECT * FROM disclosures WHERE published_on <= $as_at

-- name: series
SELECT * FROM series s
WHERE EXISTS (
    SELECT 1 FROM fact_values v WHERE v.series_id = s.series_id AND v.published_on <= $as_at
)

-- name: fact_versions
SELECT * FROM fact_versions WHERE published_on <= $as_at

-- name: facts_current
SELECT * EXCLUDE (rank_in_series)
FROM (
    SELECT v.*,
           row_number() OVER w AS rank_in_series,
           count(*) OVER (PARTITION BY v.series_id)::INTEGER AS versions,
           first_value(v.value) OVER w AS first_value,
           first_value(v.published_on) OVER w AS first_published_on
    FROM fact_versions v
    WHERE v.published_on <= $as_at
    WINDOW w AS (
        PARTITION BY v.series_id ORDER BY v.published_on, v.accepted_at NULLS FIRST, v.disclosure_id
    )
)
WHERE rank_in_series = versions

-- name: facts_as_first_reported
SELECT * EXCLUDE (rank_in_series, first_value, first_published_on)
FROM (
    SELECT v.*,
           row_number() OVER w AS rank_in_series,
           count(*) OVER (PARTITION BY v.series_id)::INTEGER AS versions,
           first_value(v.value) OVER w AS first_value,
           first_value(v.published_on) OVER w AS first_published_on
    FROM fact_versions v
    WHERE v.published_on <= $as_at
    WINDOW w AS (
        PARTITION BY v.series_id ORDER BY v.published_on, v.accepted_at NULLS FIRST, v.disclosure_id
    )
)
WHERE rank_in_series = 1

-- name: declared_restatements
SELECT * FROM declared_restatements
WHERE disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: discontinued_operations
SELECT * FROM discontinued_operations
WHERE disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: conflicts
SELECT * FROM conflicts
WHERE disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: checks
SELECT * FROM checks
WHERE disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: presentations
SELECT * FROM presentations
WHERE disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: calculations
SELECT * FROM calculations
WHERE disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: fact_declarations
SELECT * FROM fact_declarations
WHERE disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: detected_restatements
SELECT * FROM detected_restatements
WHERE new_disclosure_id IN (SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at)

-- name: restatements
SELECT * FROM restatements WHERE restated_published_on <= $as_at

-- name: tieouts
SELECT * FROM tieouts
WHERE restated_disclosure_id IN (
    SELECT disclosure_id FROM disclosures WHERE published_on <= $as_at
)

-- name: xbrl_facts
-- The facts of an xBRL-JSON report: each series as known on $as_at, in a stable order.
SELECT f.series_id, f.issuer, i.aliases AS issuer_aliases, f.concept, f.period,
       f.period_start, f.period_end, f.dimensions, f.unit, f.value, f.decimals,
       f.published_on, f.document, f.line, f.page
FROM facts_as_at($as_at) f
LEFT JOIN issuers i ON i.issuer = f.issuer
ORDER BY issuer, concept, period_end, period_start NULLS FIRST, dimensions, unit
