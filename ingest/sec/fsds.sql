-- name: problems
-- The first row of the quarter that cannot become a fact, with its num.txt line, or nothing:
-- a value that is not a number (or too large to record), a period that is not a date and a
-- length, a submission that sub.txt does not list.
SELECT line, problem FROM (
    SELECT n.line,
           CASE WHEN n.value <> '' AND TRY_CAST(n.value AS DECIMAL(38, 10)) IS NULL
                    THEN printf('value %s is not a number (or has more than 28 digits)',
                                to_json(n.value))
                WHEN TRY_STRPTIME(n.ddate, '%Y%m%d') IS NULL
                    THEN printf('ddate %s is not a date (yyyymmdd)', to_json(n.ddate))
                WHEN TRY_CAST(n.qtrs AS INTEGER) IS NULL OR CAST(n.qtrs AS INTEGER) < 0
                    THEN printf('qtrs %s is not a number of quarters', to_json(n.qtrs))
                WHEN s.adsh IS NULL
                    THEN printf('submission %s is not in sub.txt', to_json(n.adsh))
                WHEN NOT regexp_full_match(n.tag, '[A-Za-z_][A-Za-z0-9_.-]*')
                    THEN printf('tag %s is not an element name', to_json(n.tag))
           END AS problem
    FROM num n LEFT JOIN sub s USING (adsh)
)
WHERE problem IS NOT NULL
ORDER BY line
LIMIT 1;

-- name: submission_problems
-- The first submission whose identity is unusable: accession, CIK, form or filing date.
SELECT line, problem FROM (
    SELECT line,
           CASE WHEN NOT regexp_full_match(adsh, '\d{10}-\d{2}-\d{6}')
                    THEN printf('adsh %s is not an accession number', to_json(adsh))
                WHEN TRY_CAST(cik AS BIGINT) IS NULL
                    THEN printf('cik %s is not a number', to_json(cik))
                WHEN coalesce(form, '') = ''
                    THEN 'form is empty'
                WHEN TRY_STRPTIME(filed, '%Y%m%d') IS NULL
                    THEN printf('filed %s is not a date (yyyymmdd)', to_json(filed))
                WHEN period <> '' AND TRY_STRPTIME(period, '%Y%m%d') IS NULL
                    THEN printf('period %s is not a date (yyyymmdd)', to_json(period))
           END AS problem
    FROM sub
)
WHERE problem IS NOT NULL
ORDER BY line
LIMIT 1;

-- name: submissions
-- Every submission that states at least one amount, with its identity. An amendment (form
-- ending in /A) names the filing it amends when the quarter holds it: the latest earlier
-- submission of the same filer, form and period that sub.txt marks as amended (prevrpt = 1).
WITH subs AS (
    SELECT adsh, CAST(cik AS BIGINT) AS cik, name, form,
           CAST(STRPTIME(filed, '%Y%m%d') AS DATE) AS filed,
           TRY_CAST(accepted AS TIMESTAMP) AS accepted,
           CAST(coalesce(TRY_STRPTIME(nullif(period, ''), '%Y%m%d'),
                         STRPTIME(filed, '%Y%m%d')) AS DATE) AS period_end,
           coalesce(instance, '') AS instance,
           coalesce(prevrpt, '0') = '1' AS amended
    FROM sub
)
SELECT s.adsh, s.cik, s.name, s.form, s.filed, s.accepted, s.period_end, s.instance,
       (SELECT o.adsh FROM subs o
        WHERE s.form LIKE '%/A' AND o.cik = s.cik AND o.amended
          AND regexp_replace(o.form, '/A$', '') = regexp_replace(s.form, '/A$', '')
          AND o.period_end = s.period_end
          AND (o.filed, o.accepted) < (s.filed, s.accepted)
        ORDER BY o.filed DESC, o.accepted DESC LIMIT 1) AS amends
FROM subs s
WHERE s.adsh IN (SELECT adsh FROM num)
ORDER BY s.adsh;

-- name: facts
-- Every amount as the fact it becomes, in submission order: concept (the taxonomy's prefix; a
-- filer's own element takes its instance file's prefix), unit (USD/shares for per-share
-- amounts), precision (the filing's, per unit: see filings.inferred_decimals) and how the
-- filing presented it (the primary statement, not a parenthetical, of lowest report number,
-- then lowest line). Streamed in record batches; a filing's rows are contiguous.
WITH presented AS (
    SELECT adsh, tag, version, report, line AS pre_line, stmt, plabel
    FROM pre
    WHERE coalesce(inpth, '0') = '0'
    QUALIFY row_number() OVER (
        PARTITION BY adsh, tag, version
        ORDER BY CASE stmt WHEN 'BS' THEN 1 WHEN 'IS' THEN 2 WHEN 'CF' THEN 3
                           WHEN 'EQ' THEN 4 WHEN 'CI' THEN 5 ELSE 6 END,
                 TRY_CAST(report AS INTEGER), TRY_CAST(line AS INTEGER)
    ) = 1
),
amounts AS (
    SELECT n.adsh, n.line AS num_line, n.tag, n.version, n.ddate, n.qtrs,
           coalesce(n.segments, '') AS segments, coalesce(n.coreg, '') AS coreg,
           CASE WHEN t.datatype = 'perShare' AND NOT contains(n.uom, '/')
                THEN n.uom || '/shares' ELSE n.uom END AS unit,
           CASE WHEN contains(n.value, '.') THEN rtrim(rtrim(n.value, '0'), '.')
                ELSE n.value END AS amount,
           coalesce(t.custom, '0') = '1' OR regexp_matches(n.version, '^[0-9]') AS custom,
           coalesce(t.tlabel, '') AS tlabel,
           p.report, p.pre_line, coalesce(p.stmt, '') AS stmt, coalesce(p.plabel, '') AS plabel,
           s.instance
    FROM num n
    JOIN sub s USING (adsh)
    LEFT JOIN tag t ON t.tag = n.tag AND t.version = n.version
    LEFT JOIN presented p ON p.adsh = n.adsh AND p.tag = n.tag AND p.version = n.version
    WHERE coalesce(n.value, '') <> ''
),
digits AS (
    SELECT *,
           ltrim(split_part(amount, '.', 1), '-') AS whole,
           length(split_part(amount, '.', 2)) AS places
    FROM amounts
),
rounding AS (
    SELECT *,
           CASE WHEN places > 0 OR ltrim(whole, '0') = '' THEN NULL
                ELSE length(whole) - length(rtrim(whole, '0')) END AS zeros
    FROM digits
)
SELECT adsh, num_line,
       CASE WHEN custom THEN
                CASE WHEN regexp_matches(instance, '^[A-Za-z][A-Za-z0-9]*[-.]')
                     THEN lower(regexp_extract(instance, '^[A-Za-z][A-Za-z0-9]*'))
                     ELSE 'ext' END
            WHEN split_part(version, '/', 1) = 'ifrs' THEN 'ifrs-full'
            ELSE lower(split_part(version, '/', 1)) END || ':' || tag AS concept,
       ddate, CAST(qtrs AS INTEGER) AS qtrs,
       segments, coreg, unit, amount,
       CAST(CASE WHEN max(places) OVER filing_unit > 0 THEN max(places) OVER filing_unit
                 ELSE -coalesce(min(zeros) OVER filing_unit, 0) END AS INTEGER) AS decimals,
       CASE stmt WHEN 'BS' THEN 'balance' WHEN 'IS' THEN 'income' WHEN 'CF' THEN 'cashflow'
                 WHEN 'EQ' THEN 'equity' WHEN 'CI' THEN 'comprehensive-income'
                 ELSE '' END AS statement,
       CASE WHEN pre_line IS NULL THEN ' num.txt' ELSE ' R' || report END AS place,
       CAST(greatest(1, coalesce(TRY_CAST(pre_line AS INTEGER), num_line)) AS INTEGER) AS line,
       coalesce(nullif(plabel, ''), nullif(tlabel, ''), tag) AS label
FROM rounding
WINDOW filing_unit AS (PARTITION BY adsh, unit)
ORDER BY adsh, num_line;
