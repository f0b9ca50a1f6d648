-- Decode one batch of stored events in bulk and insert the rows `projections.rows` would insert
-- one event at a time. Input ($path): a newline-delimited JSON file of one event type, each
-- line {"@o": originator id (32 hex digits), "s": the state the library's JSONTranscoder
-- wrote}, with "@n" (notification id) too for restatements detected or withdrawn; see
-- projections/bulk.py.
-- DuckDB's JSON reader parses each file once, straight into the typed columns named here
-- (fields of the state not named, like the timestamp, are skipped), and `guard` refuses
-- states written by a newer version of their class.
-- Decimals are {"_type_": "decimal_str", "_data_": "3.667508E+9"}, dates "date_iso", UUIDs
-- "uuid_hex" (32 hex digits, which CAST(... AS UUID) accepts). Keep in step with the event
-- classes of the fast topics: see {bulk-topics} in projections/bulk.py.

-- name: guard
-- A state carrying `class_version` was written by a later version of its event class (the
-- library stores it only when it is not 1, and the SQL below reads the versions its class is
-- at, see fast_topics(), and those its upcasters come from): a store written by newer code.
-- Refuse it rather than guess.
CREATE OR REPLACE TEMP MACRO newer_class_version(originator_id, version) AS
    CAST(error('a stored event of aggregate ' || originator_id || ' was written by version '
               || version || ' of its event class, newer than this ledger reads: upgrade'
               || ' ledger to replay this store') AS BOOLEAN);

-- name: disclosures
-- Versions 1 and 2 of DisclosureRegistered: version 1 had no `accepted_at` (NULL, as its
-- upcaster says).
INSERT INTO disclosures
SELECT CAST("@o" AS UUID), issuer, kind, title, period_end._data_, published_on._data_,
       source_file, sha256, language, currency, scale, fact_count,
       CAST(accepted_at._data_ AS TIMESTAMP)
FROM (
    SELECT "@o", unnest(s)
    FROM read_json($path, format = 'newline_delimited', records = true,
                   columns = {'@o': 'VARCHAR',
                              's': 'STRUCT(class_version INTEGER, issuer VARCHAR, kind VARCHAR,
                                           title VARCHAR, period_end STRUCT(_data_ DATE),
                                           published_on STRUCT(_data_ DATE),
                                           source_file VARCHAR, sha256 VARCHAR,
                                           language VARCHAR, currency VARCHAR, scale INTEGER,
                                           fact_count INTEGER,
                                           accepted_at STRUCT(_data_ VARCHAR))'})
)
WHERE class_version IS NULL OR class_version = 2 OR newer_class_version("@o", class_version);

-- name: stage_series
-- Dimensions as Dimensions.key: 'axis=member;axis=member', sorted by axis ('' for none, the
-- common case), with \ ; = | inside an axis or member escaped by a backslash.
CREATE OR REPLACE TEMP TABLE batch_series AS
SELECT CAST("@o" AS UUID) AS series_id, issuer, concept,
       period_start._data_ AS period_start, period_end._data_ AS period_end,
       CASE WHEN dimensions IS NULL OR cardinality(dimensions) = 0 THEN ''
            ELSE array_to_string(
                list_transform(list_sort(map_entries(dimensions)),
                               lambda e: regexp_replace(e.key, '([\\;=|])', '\\\1', 'g') || '='
                                         || regexp_replace(e.value, '([\\;=|])', '\\\1', 'g')),
                ';'
            )
       END AS dimensions,
       unit
FROM (
    SELECT "@o", unnest(s)
    FROM read_json($path, format = 'newline_delimited', records = true,
                   columns = {'@o': 'VARCHAR',
                              's': 'STRUCT(class_version INTEGER, issuer VARCHAR,
                                           concept VARCHAR, period_start STRUCT(_data_ DATE),
                                           period_end STRUCT(_data_ DATE),
                                           dimensions MAP(VARCHAR, VARCHAR), unit VARCHAR)'})
)
WHERE class_version IS NULL OR newer_class_version("@o", class_version);

-- name: series_periods
SELECT DISTINCT period_start, period_end FROM batch_series;

-- name: insert_series
-- `batch_periods(period_start, period_end, period)`: the labels, computed by Period.label.
INSERT INTO series
SELECT s.series_id, s.issuer, s.concept, p.period, s.period_start, s.period_end, s.dimensions,
       s.unit
FROM batch_series s
JOIN batch_periods p
  ON p.period_end = s.period_end AND p.period_start IS NOT DISTINCT FROM s.period_start;

-- name: insert_versions
-- The series' columns are not stored with each value: the view fact_versions joins them. The
-- issuer is the disclosure's (a few thousand rows to join, not half a million series), and so
-- are the disclosure id, publication date and acceptance time: joined on the id's text, they
-- need neither a UUID parsed per value nor a date read per value (a value's published_on is its
-- disclosure's, FactSeries.disclose). A value whose disclosure is not
-- recorded is refused rather than dropped.
INSERT INTO fact_values
SELECT v.series_id,
       CASE WHEN d.issuer IS NULL
            THEN CAST(error('a stored value of series ' || v.series_id || ' names disclosure '
                            || v.disclosure_hex || ', which the store never registered')
                      AS VARCHAR)
            ELSE d.issuer END,
       CAST(v.value AS DECIMAL(38, 10)), v.scale, v.decimals, d.published_on, d.disclosure_id,
       v.document, v.line, v.label, v.raw, v.statement, v.also_on_lines, d.accepted_at, v.page
FROM (
    SELECT CAST("@o" AS UUID) AS series_id, value._data_ AS value, scale, decimals,
           disclosure_id._data_ AS disclosure_hex, document, line, label, raw, statement,
           also_on_lines, page
    FROM (
        SELECT "@o", unnest(s)
        FROM read_json($path, format = 'newline_delimited', records = true,
                       columns = {'@o': 'VARCHAR',
                                  's': 'STRUCT(class_version INTEGER,
                                               disclosure_id STRUCT(_data_ VARCHAR),
                                               value STRUCT(_data_ VARCHAR), decimals INTEGER,
                                               scale INTEGER, document VARCHAR, line INTEGER,
                                               page INTEGER, label VARCHAR, raw VARCHAR,
                                               statement VARCHAR, also_on_lines INTEGER[])'})
    )
    -- Version 2 added `page` (absent from version 1 states: NULL, as its upcaster says);
    -- version 3 `accepted_at`, not read here: a value's order is its disclosure's.
    WHERE class_version IS NULL OR class_version IN (2, 3)
       OR newer_class_version("@o", class_version)
) v
LEFT JOIN (
    -- The library writes ids as 32 lower-case hex digits (uuid_hex).
    SELECT disclosure_id, issuer, published_on, accepted_at,
           replace(CAST(disclosure_id AS VARCHAR), '-', '') AS disclosure_hex
    FROM disclosures
) d USING (disclosure_hex);

-- name: detected
-- FactRestated or FactRestatementWithdrawn events: (notification id, series, previous, new).
SELECT "@n", CAST(CAST("@o" AS UUID) AS VARCHAR),
       CAST(CAST(previous_disclosure_id._data_ AS UUID) AS VARCHAR),
       CAST(CAST(new_disclosure_id._data_ AS UUID) AS VARCHAR)
FROM (
    SELECT "@n", "@o", unnest(s)
    FROM read_json($path, format = 'newline_delimited', records = true,
                   columns = {'@n': 'BIGINT', '@o': 'VARCHAR',
                              's': 'STRUCT(class_version INTEGER,
                                           previous_disclosure_id STRUCT(_data_ VARCHAR),
                                           new_disclosure_id STRUCT(_data_ VARCHAR))'})
)
WHERE class_version IS NULL OR newer_class_version("@o", class_version);
