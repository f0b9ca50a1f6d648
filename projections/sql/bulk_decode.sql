-- Decode one batch of stored events in bulk (DuckDB parses the JSON the library's JSONTranscoder
-- wrote, all rows at once) and insert the rows `projections.rows` would insert one event at a time.
-- Input: the batch file ($path: a line per notification, tab-separated id, originator id,
-- originator version, topic and state), loaded into `raw_batch` by `stage_raw`.
-- Decimals are {"_type_": "decimal_str", "_data_": "3.667508E+9"}, dates "date_iso", UUIDs
-- "uuid_hex" (32 hex digits, which CAST(... AS UUID) accepts). Keep in step with the event
-- classes of the fast topics: see {bulk-topics} in projections/bulk.py.

-- name: stage_raw
-- `fast` is false for the rows the mapper must decode: other topics ($fast lists the bulk
-- ones), or states written by another class version (which carry `class_version`).
-- No quote or escape character: the fields are hex, integers, topics and JSON text.
CREATE OR REPLACE TEMP TABLE raw_batch AS
SELECT *, list_contains($fast, topic) AND NOT contains(state, '"class_version"') AS fast
FROM read_csv($path, delim = '\t', quote = '', escape = '', header = false,
              auto_detect = false, max_line_size = 1073741824,
              columns = {'notification_id': 'BIGINT', 'originator_id': 'VARCHAR',
                         'originator_version': 'INTEGER', 'topic': 'VARCHAR',
                         'state': 'VARCHAR'});

-- name: slow_rows
SELECT notification_id, originator_id, originator_version, topic, state
FROM raw_batch WHERE NOT fast ORDER BY notification_id;

-- name: disclosures
INSERT INTO disclosures
SELECT CAST(originator_id AS UUID), j.issuer, j.kind, j.title, j.period_end._data_,
       j.published_on._data_, j.source_file, j.sha256, j.language, j.currency, j.scale,
       j.fact_count
FROM (
    SELECT originator_id, json_transform(state, '{"issuer": "VARCHAR", "kind": "VARCHAR",
        "title": "VARCHAR", "period_end": {"_data_": "DATE"}, "published_on": {"_data_": "DATE"},
        "source_file": "VARCHAR", "sha256": "VARCHAR", "language": "VARCHAR",
        "currency": "VARCHAR", "scale": "INTEGER", "fact_count": "INTEGER"}') AS j
    FROM raw_batch WHERE fast AND topic = 'ledger:DisclosureRegistered'
);

-- name: stage_series
-- Dimensions as Dimensions.key: 'axis=member;axis=member', sorted by axis ('' for none, the
-- common case, which skips building a map).
CREATE OR REPLACE TEMP TABLE batch_series AS
SELECT CAST(originator_id AS UUID) AS series_id, j.issuer, j.concept,
       j.period_start._data_ AS period_start, j.period_end._data_ AS period_end,
       CASE WHEN j.dimensions = '{}' THEN ''
            ELSE array_to_string(
                list_transform(
                    list_sort(map_entries(json_transform(j.dimensions, '"MAP(VARCHAR, VARCHAR)"'))),
                    lambda e: e.key || '=' || e.value
                ),
                ';'
            )
       END AS dimensions,
       j.unit
FROM (
    SELECT originator_id, json_transform(state, '{"issuer": "VARCHAR", "concept": "VARCHAR",
        "period_start": {"_data_": "DATE"}, "period_end": {"_data_": "DATE"},
        "dimensions": "JSON", "unit": "VARCHAR"}') AS j
    FROM raw_batch WHERE fast AND topic = 'ledger:FactSeriesOpened'
);

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
-- printed_value = value.scaleb(-scale), done on the decimal's text (mantissa E exponent) so the
-- cast to DECIMAL(38, 10) sees the same number the reference decoder's str() gives it.
INSERT INTO fact_versions
SELECT s.series_id, s.issuer, s.concept, s.period, s.period_start, s.period_end, s.dimensions,
       s.unit,
       CAST(v.value AS DECIMAL(38, 10)),
       CAST(
           CASE WHEN contains(v.value, 'E')
                THEN split_part(v.value, 'E', 1) || 'E'
                     || (CAST(split_part(v.value, 'E', 2) AS INTEGER) - v.scale)
                ELSE v.value || 'E' || (-v.scale)
           END AS DECIMAL(38, 10)
       ),
       v.scale, v.decimals, v.published_on, v.disclosure_id, v.document, v.line, v.label,
       v.raw, v.statement, v.also_on_lines
FROM (
    SELECT CAST(originator_id AS UUID) AS series_id, j.value._data_ AS value, j.scale,
           j.decimals, j.published_on._data_ AS published_on,
           CAST(j.disclosure_id._data_ AS UUID) AS disclosure_id, j.document, j.line, j.label,
           j.raw, j.statement, j.also_on_lines
    FROM (
        SELECT originator_id, json_transform(state, '{"disclosure_id": {"_data_": "VARCHAR"},
            "published_on": {"_data_": "DATE"}, "value": {"_data_": "VARCHAR"},
            "decimals": "INTEGER", "scale": "INTEGER", "document": "VARCHAR",
            "line": "INTEGER", "label": "VARCHAR", "raw": "VARCHAR", "statement": "VARCHAR",
            "also_on_lines": ["INTEGER"]}') AS j
        FROM raw_batch WHERE fast AND topic = 'ledger:FactDisclosed'
    )
) v
JOIN series s ON s.series_id = v.series_id;

-- name: detected
-- FactRestated / FactRestatementWithdrawn in notification order (the caller keeps the last).
SELECT notification_id, CAST(CAST(originator_id AS UUID) AS VARCHAR),
       CAST(CAST(j.previous_disclosure_id._data_ AS UUID) AS VARCHAR),
       CAST(CAST(j.new_disclosure_id._data_ AS UUID) AS VARCHAR),
       topic = 'ledger:FactRestated' AS keep
FROM (
    SELECT notification_id, originator_id, topic, json_transform(state,
        '{"previous_disclosure_id": {"_data_": "VARCHAR"},
          "new_disclosure_id": {"_data_": "VARCHAR"}}') AS j
    FROM raw_batch
    WHERE fast AND topic IN ('ledger:FactRestated', 'ledger:FactRestatementWithdrawn')
)
ORDER BY notification_id;

-- name: touched
-- Series and disclosures the fast rows touched: (kind, id as text) with kind 'version', 'series' or
-- 'disclosure' (series with a new value also count as touched series).
SELECT DISTINCT CASE topic WHEN 'ledger:FactDisclosed' THEN 'version'
                           WHEN 'ledger:DisclosureRegistered' THEN 'disclosure'
                           ELSE 'series' END AS kind,
       CAST(CAST(originator_id AS UUID) AS VARCHAR) AS id
FROM raw_batch
WHERE fast AND topic IN ('ledger:FactDisclosed', 'ledger:DisclosureRegistered',
                         'ledger:FactRestated', 'ledger:FactRestatementWithdrawn');
