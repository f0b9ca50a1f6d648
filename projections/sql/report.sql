-- Queries of `ledger report`: one issuer's disclosures and restatements as known on a date.
-- $as_at NULL means everything recorded; every date filter uses `published_on`, the day a
-- document became public, never the day it was loaded.

-- name: issuer
SELECT issuer, name, aliases FROM issuers WHERE issuer = $issuer;

-- name: disclosures
-- The issuer's documents public on $as_at, in publication order, with how many restatements
-- each one made (restatements it published, hence known by $as_at too).
SELECT d.disclosure_id, d.kind, d.title, d.period_end, d.published_on, d.source_file,
       d.sha256, d.currency, d.scale, d.fact_count,
       (SELECT count(*) FROM restatements r
        WHERE r.restated_disclosure_id = d.disclosure_id) AS restatements_made
FROM disclosures d
WHERE d.issuer = $issuer
  AND d.published_on <= coalesce(CAST($as_at AS DATE), DATE '9999-12-31')
ORDER BY d.published_on, d.accepted_at NULLS FIRST, d.source_file;

-- name: declarations
-- What those documents declare about their comparatives (IFRS 5, IAS 1, ...).
SELECT r.disclosure_id, r.kind, r.standard, r.periods, r.reason, r.first_line, r.last_line,
       r.scope, r.operation, r.effective_from
FROM declared_restatements r
JOIN disclosures d USING (disclosure_id)
WHERE d.issuer = $issuer
  AND d.published_on <= coalesce(CAST($as_at AS DATE), DATE '9999-12-31')
ORDER BY d.published_on, d.accepted_at NULLS FIRST, d.source_file, r.first_line, r.kind, r.standard;

-- name: discontinued
-- Operations the documents report as discontinued (the reason behind IFRS 5 re-presentations).
SELECT o.disclosure_id, o.operation, o.agreement_on, o.approved_on, o.completed_on,
       o.consideration, o.consideration_unit, o.first_line, o.last_line
FROM discontinued_operations o
JOIN disclosures d USING (disclosure_id)
WHERE d.issuer = $issuer
  AND d.published_on <= coalesce(CAST($as_at AS DATE), DATE '9999-12-31')
ORDER BY d.published_on, d.accepted_at NULLS FIRST, o.first_line;

-- name: standards
-- The standard each restatement is made under: what the restating document declared for that
-- very figure (fact_declarations), else its declarations of the same kind covering the period.
SELECT r.series_id, r.restated_disclosure_id,
       coalesce(
           (SELECT string_agg(DISTINCT dr.standard, ', ' ORDER BY dr.standard)
            FROM declared_restatements dr
            JOIN fact_declarations fd
              ON fd.series_id = r.series_id AND fd.disclosure_id = r.restated_disclosure_id
            WHERE dr.disclosure_id = r.restated_disclosure_id AND dr.kind = r.kind
              AND dr.standard <> ''
              AND contains(fd.declared, dr.kind || ' (' || dr.standard || ')')),
           (SELECT string_agg(DISTINCT dr.standard, ', ' ORDER BY dr.standard)
            FROM declared_restatements dr
            WHERE dr.disclosure_id = r.restated_disclosure_id AND dr.kind = r.kind
              AND dr.standard <> '' AND list_contains(dr.periods, r.period)),
           '') AS standard
FROM restatements r
WHERE r.issuer = $issuer
  AND r.restated_published_on <= coalesce(CAST($as_at AS DATE), DATE '9999-12-31');

-- name: series_versions
-- Every vintage of every series the issuer restated, as known on $as_at: the points of the
-- report's charts. `value` is in the unit (not the printed scale).
SELECT v.series_id, v.value, v.scale, v.decimals, v.published_on, v.disclosure_id,
       v.document, v.line, v.page, v.label
FROM fact_versions v
WHERE v.issuer = $issuer
  AND v.series_id IN (SELECT series_id FROM restatements WHERE issuer = $issuer)
  AND v.published_on <= coalesce(CAST($as_at AS DATE), DATE '9999-12-31')
ORDER BY v.series_id, v.published_on, v.accepted_at NULLS FIRST, v.document, v.line;

-- name: presentation
-- Where each concept stands on its statement: restatements are listed in that order.
SELECT concept, min(presentation_order) AS presentation_order FROM concepts GROUP BY concept;
