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
-- Every submission that states at least one amount, with its identity.
SELECT adsh, CAST(cik AS BIGINT) AS cik, name, form,
       CAST(STRPTIME(filed, '%Y%m%d') AS DATE) AS filed,
       TRY_CAST(accepted AS TIMESTAMP) AS accepted,
       CAST(coalesce(TRY_STRPTIME(nullif(period, ''), '%Y%m%d'),
                     STRPTIME(filed, '%Y%m%d')) AS DATE) AS period_end,
       coalesce(instance, '') AS instance,
       coalesce(fye, '') AS fye
FROM sub
WHERE adsh IN (SELECT adsh FROM num)
ORDER BY adsh;

-- name: facts
-- Every amount, in submission order, with how its filing presented it: the primary
-- statement (not a parenthetical) of lowest report number, then lowest line. Streamed in
-- record batches; a filing's rows are contiguous.
WITH presented AS (
    SELECT adsh, tag, version, report, line AS pre_line, stmt, plabel, negating
    FROM pre
    WHERE coalesce(inpth, '0') = '0'
    QUALIFY row_number() OVER (
        PARTITION BY adsh, tag, version
        ORDER BY CASE stmt WHEN 'BS' THEN 1 WHEN 'IS' THEN 2 WHEN 'CF' THEN 3
                           WHEN 'EQ' THEN 4 WHEN 'CI' THEN 5 ELSE 6 END,
                 TRY_CAST(report AS INTEGER), TRY_CAST(line AS INTEGER)
    ) = 1
)
SELECT n.adsh, n.line AS num_line, n.tag, n.version,
       CAST(STRPTIME(n.ddate, '%Y%m%d') AS DATE) AS ddate,
       CAST(n.qtrs AS INTEGER) AS qtrs,
       n.uom, coalesce(n.segments, '') AS segments, coalesce(n.coreg, '') AS coreg,
       CAST(n.value AS VARCHAR) AS value,
       coalesce(t.custom, '0') = '1' AS custom,
       coalesce(t.datatype, '') AS datatype,
       coalesce(t.tlabel, '') AS tlabel,
       TRY_CAST(p.report AS INTEGER) AS report,
       TRY_CAST(p.pre_line AS INTEGER) AS pre_line,
       coalesce(p.stmt, '') AS stmt,
       coalesce(p.plabel, '') AS plabel
FROM num n
LEFT JOIN tag t ON t.tag = n.tag AND t.version = n.version
LEFT JOIN presented p ON p.adsh = n.adsh AND p.tag = n.tag AND p.version = n.version
WHERE coalesce(n.value, '') <> ''
ORDER BY n.adsh, n.line;
