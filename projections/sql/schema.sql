-- The projection's tables, rebuilt from the event log by `ledger replay`.
-- Open the file with the duckdb CLI, pandas or polars; names are for you.

-- Where the replay stopped: the last notification id applied, saved in the same transaction.
CREATE TABLE IF NOT EXISTS ledger_position (
    projection      VARCHAR PRIMARY KEY,
    notification_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS issuers (
    issuer  VARCHAR PRIMARY KEY,
    name    VARCHAR NOT NULL,
    aliases VARCHAR[] NOT NULL
);

-- One row per recorded document. `accepted_at` is the moment EDGAR accepted a filing (NULL when
-- the source does not say): it orders the documents of one day, before their ids.
CREATE TABLE IF NOT EXISTS disclosures (
    disclosure_id UUID PRIMARY KEY,
    issuer        VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    period_end    DATE NOT NULL,
    published_on  DATE NOT NULL,
    source_file   VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    language      VARCHAR NOT NULL,
    currency      VARCHAR NOT NULL,
    scale         INTEGER NOT NULL,
    fact_count    INTEGER NOT NULL,
    accepted_at   TIMESTAMP
);

-- One row per fact series: (issuer, concept, period, dimensions, unit).
-- series_id is unique by construction (one FactSeriesOpened per aggregate) and deliberately not
-- a PRIMARY KEY: DuckDB rewrites a whole ART index at every checkpoint, a cost every
-- incremental replay would pay, and no query looks a series up by id one at a time.
CREATE TABLE IF NOT EXISTS series (
    series_id    UUID NOT NULL,
    issuer       VARCHAR NOT NULL,
    concept      VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    period_start DATE,
    period_end   DATE NOT NULL,
    dimensions   VARCHAR NOT NULL,   -- 'axis=member;axis=member', '' for a face figure
    unit         VARCHAR NOT NULL
);

-- One row per disclosed value (every vintage of every series), stored without the series'
-- columns, which `fact_versions` adds: the replay writes each value's own fields (no join to
-- half a million series while decoding, and a third fewer columns). Queries read the view; a
-- query that needs no series
-- column (series_ends, the restatements' inputs) may read this table.
-- `issuer` is the issuer of the value's disclosure, which is its series' issuer by
-- construction (a disclosure's facts open series keyed by its issuer): the view joins on it
-- too, so a query's filter on the issuer reaches this table's scan and one issuer's values are
-- found without probing every value's series.
-- value is in `unit` (3,667,508 printed in RMB'000 with scale 3 is 3667508000); the view
-- fact_versions adds the value as printed (value shifted by -scale), which is not stored: it
-- follows from these two columns, and computing it for a million values cost a rebuild more
-- than reading it back costs a query.
CREATE TABLE IF NOT EXISTS fact_values (
    series_id     UUID NOT NULL,
    issuer        VARCHAR NOT NULL,
    value         DECIMAL(38, 10) NOT NULL,
    scale         INTEGER NOT NULL,
    decimals      INTEGER NOT NULL,
    published_on  DATE NOT NULL,
    disclosure_id UUID NOT NULL,
    document      VARCHAR NOT NULL,
    line          INTEGER NOT NULL,
    label         VARCHAR NOT NULL,
    raw           VARCHAR NOT NULL,
    statement     VARCHAR NOT NULL,
    also_on_lines INTEGER[] NOT NULL,
    accepted_at   TIMESTAMP,          -- the disclosure's (see disclosures)
    -- The printed page of a PDF document (NULL for a text document). Last, where an upgrade
    -- adds it to a file written before pages were kept.
    page          INTEGER
);
-- A projection file written before acceptance times were kept gets the column here (CREATE
-- TABLE IF NOT EXISTS leaves an existing table as it is); its events had none, so NULL is what
-- a rebuild would write.
ALTER TABLE disclosures ADD COLUMN IF NOT EXISTS accepted_at TIMESTAMP;
ALTER TABLE fact_values ADD COLUMN IF NOT EXISTS accepted_at TIMESTAMP;

-- Every disclosed value with its series' columns. (A projection written when this was a table
-- is upgraded by the replay: see replay._upgrade_schema.)
-- printed_value = value x 10^-scale, exactly: the decimal's digits with the exponent moved
-- (3667508000.0000000000E-3), read back as a DECIMAL(38, 10). It is computed in a subquery of
-- fact_values: computed above the join, it kept DuckDB from reordering the view's join with a
-- query's own (the series were hashed first).
-- Values are ordered by (published_on, accepted_at NULLS FIRST, disclosure_id) everywhere: by
-- publication day, a day's filings by acceptance time, the rest by id (arbitrary but stable).
CREATE OR REPLACE VIEW fact_versions AS
SELECT s.series_id, s.issuer, s.concept, s.period, s.period_start, s.period_end, s.dimensions,
       s.unit, v.value, v.printed_value, v.scale, v.decimals, v.published_on, v.accepted_at,
       v.disclosure_id,
       v.document, v.line, v.page, v.label, v.raw, v.statement, v.also_on_lines
FROM (
    SELECT *, CAST(CAST(value AS VARCHAR) || 'E' || (-scale) AS DECIMAL(38, 10)) AS printed_value
    FROM fact_values
) v
JOIN series s ON s.series_id = v.series_id AND s.issuer = v.issuer;

-- Where each series starts and ends: the keys (published_on, disclosure_id) of its first and
-- latest values, its first value and how many values it has. Values are ordered by
-- publication, same-day values by acceptance time, then disclosure id (as facts_as_at does).
CREATE TABLE IF NOT EXISTS series_ends (
    series_id           UUID NOT NULL,
    versions            INTEGER NOT NULL,
    first_published_on  DATE NOT NULL,
    first_disclosure_id UUID NOT NULL,
    first_value         DECIMAL(38, 10) NOT NULL,
    last_published_on   DATE NOT NULL,
    last_disclosure_id  UUID NOT NULL
);

-- The latest value of each series (as currently reported) and the first (as first reported).
-- Views, not tables: a copy of half a million wide rows each cost a rebuild more than a third
-- of its time, and the join on series_ends is a few milliseconds for an issuer. (A projection written before these were views is upgraded by the replay, which
-- drops the old tables first: see replay._upgrade_schema.)
CREATE OR REPLACE VIEW facts_current AS
SELECT v.*, e.versions, e.first_value, e.first_published_on
FROM fact_versions v
JOIN series_ends e
  ON e.series_id = v.series_id
 AND e.last_published_on = v.published_on AND e.last_disclosure_id = v.disclosure_id;

CREATE OR REPLACE VIEW facts_as_first_reported AS
SELECT v.*, e.versions
FROM fact_versions v
JOIN series_ends e
  ON e.series_id = v.series_id
 AND e.first_published_on = v.published_on AND e.first_disclosure_id = v.disclosure_id;

-- A filing's own presentation of its primary statements (an XBRL instance's presentation
-- linkbase): each line's place on the statement, from 1, and its depth under the statement's
-- root (0). `ledger statement` lays out a filer's statement by it.
CREATE TABLE IF NOT EXISTS presentations (
    disclosure_id UUID NOT NULL,
    statement     VARCHAR NOT NULL,
    concept       VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    depth         INTEGER NOT NULL
);

-- A filing's calculation linkbase: each total's components and the weight each adds in (1 or
-- -1). A reclassification between two lines is checked against the total they add into.
CREATE TABLE IF NOT EXISTS calculations (
    disclosure_id UUID NOT NULL,
    total         VARCHAR NOT NULL,
    component     VARCHAR NOT NULL,
    weight        DECIMAL(18, 6) NOT NULL
);

-- What documents declare about their comparatives.
CREATE TABLE IF NOT EXISTS declared_restatements (
    disclosure_id  UUID NOT NULL,
    kind           VARCHAR NOT NULL,
    standard       VARCHAR NOT NULL,
    periods        VARCHAR[] NOT NULL,
    reason         VARCHAR NOT NULL,
    first_line     INTEGER NOT NULL,
    last_line      INTEGER NOT NULL,
    scope          VARCHAR NOT NULL,
    operation      VARCHAR NOT NULL,
    effective_from DATE
);

CREATE TABLE IF NOT EXISTS discontinued_operations (
    disclosure_id      UUID NOT NULL,
    operation          VARCHAR NOT NULL,
    agreement_on       DATE,
    approved_on        DATE,
    completed_on       DATE,
    consideration      DECIMAL(38, 10),
    consideration_unit VARCHAR NOT NULL,
    first_line         INTEGER NOT NULL,
    last_line          INTEGER NOT NULL
);

-- Two values printed for one fact in one document, and which one arithmetic kept.
CREATE TABLE IF NOT EXISTS conflicts (
    disclosure_id  UUID NOT NULL,
    concept        VARCHAR NOT NULL,
    period         VARCHAR NOT NULL,
    dimensions     VARCHAR NOT NULL,
    kept_value     DECIMAL(38, 10),
    kept_line      INTEGER,
    rejected_value DECIMAL(38, 10),
    rejected_line  INTEGER NOT NULL,
    rejected_label VARCHAR NOT NULL,
    rejected_raw   VARCHAR NOT NULL,
    decided_by     VARCHAR NOT NULL,
    resolved       BOOLEAN NOT NULL
);

-- Arithmetic checks run on each document at extraction.
CREATE TABLE IF NOT EXISTS checks (
    disclosure_id UUID NOT NULL,
    rule          VARCHAR NOT NULL,
    description   VARCHAR NOT NULL,
    period        VARCHAR NOT NULL,
    lines         INTEGER[] NOT NULL,
    expected      VARCHAR NOT NULL,
    actual        VARCHAR NOT NULL,
    passed        BOOLEAN NOT NULL
);

-- Restatements as detected by the fact series (FactRestated minus FactRestatementWithdrawn).
CREATE TABLE IF NOT EXISTS detected_restatements (
    series_id              UUID NOT NULL,
    previous_disclosure_id UUID NOT NULL,
    new_disclosure_id      UUID NOT NULL,
    PRIMARY KEY (series_id, previous_disclosure_id, new_disclosure_id)
);

-- One row per restatement: the value before and after, the disclosures that stated them,
-- the kind, and whether the change is explained (tied out) or flagged.
-- Values are in the restated figure's printed scale (see `scale`; 3 = thousands).
CREATE TABLE IF NOT EXISTS restatements (
    series_id                UUID NOT NULL,
    issuer                   VARCHAR NOT NULL,
    concept                  VARCHAR NOT NULL,
    label                    VARCHAR NOT NULL,
    statement                VARCHAR NOT NULL,
    period                   VARCHAR NOT NULL,
    period_end               DATE NOT NULL,
    dimensions               VARCHAR NOT NULL,
    unit                     VARCHAR NOT NULL,
    scale                    INTEGER NOT NULL,
    decimals                 INTEGER NOT NULL,
    original_value           DECIMAL(38, 10) NOT NULL,
    original_disclosure_id   UUID NOT NULL,
    original_document        VARCHAR NOT NULL,
    original_line            INTEGER NOT NULL,
    original_published_on    DATE NOT NULL,
    restated_value           DECIMAL(38, 10) NOT NULL,
    restated_disclosure_id   UUID NOT NULL,
    restated_document        VARCHAR NOT NULL,
    restated_line            INTEGER NOT NULL,
    restated_published_on    DATE NOT NULL,
    delta                    DECIMAL(38, 10) NOT NULL,
    delta_pct                DECIMAL(18, 4),
    kind                     VARCHAR NOT NULL,
    explained                BOOLEAN NOT NULL,
    explanation              VARCHAR NOT NULL,
    basis                    VARCHAR NOT NULL,
    flags                    VARCHAR[] NOT NULL,
    -- The printed pages of PDF documents (NULL for text documents); last, where an upgrade
    -- adds them to a file written before pages were kept.
    original_page            INTEGER,
    restated_page            INTEGER,
    -- Later documents that printed the original figure again (identical), in publication
    -- order; original_* names the earliest one.
    repeated_in              VARCHAR[] NOT NULL DEFAULT []
);

-- The arithmetic behind each verdict (in the same scale as `restatements`).
CREATE TABLE IF NOT EXISTS tieouts (
    series_id              UUID NOT NULL,
    issuer                 VARCHAR NOT NULL,
    concept                VARCHAR NOT NULL,
    period                 VARCHAR NOT NULL,
    dimensions             VARCHAR NOT NULL,
    restated_disclosure_id UUID NOT NULL,
    rule                   VARCHAR NOT NULL,
    expected               DECIMAL(38, 10),
    actual                 DECIMAL(38, 10) NOT NULL,
    tolerance              DECIMAL(38, 10) NOT NULL,
    passed                 BOOLEAN NOT NULL,
    evidence               VARCHAR NOT NULL
);

-- Facts a restatement declaration of their own disclosure speaks about (e.g. SenseTime's
-- 2023-12-31 balance-sheet lines under its IAS 1 reclassification note).
CREATE TABLE IF NOT EXISTS fact_declarations (
    series_id     UUID NOT NULL,
    disclosure_id UUID NOT NULL,
    issuer        VARCHAR NOT NULL,
    declared      VARCHAR NOT NULL   -- 'reclassification (IAS 1)'
);

-- The concept taxonomy's presentation: which primary statement a concept belongs to, where it
-- stands on it, and its standard label; its layout there: indentation level, total line or not,
-- section (and that section's heading), and the concepts it is the sum of. Rewritten from the
-- taxonomy at every replay.
CREATE TABLE IF NOT EXISTS concepts (
    concept            VARCHAR NOT NULL,
    statement          VARCHAR NOT NULL,
    presentation_order INTEGER NOT NULL,
    label              VARCHAR NOT NULL,
    level              INTEGER DEFAULT 1,
    is_total           BOOLEAN DEFAULT false,
    section            VARCHAR DEFAULT '',
    section_label      VARCHAR DEFAULT '',
    components         VARCHAR[] DEFAULT []
);
-- A projection file written before the layout columns existed gets them here (CREATE TABLE IF
-- NOT EXISTS leaves an existing table as it is); write_concepts then fills them in.
ALTER TABLE concepts ADD COLUMN IF NOT EXISTS level INTEGER DEFAULT 1;
ALTER TABLE concepts ADD COLUMN IF NOT EXISTS is_total BOOLEAN DEFAULT false;
ALTER TABLE concepts ADD COLUMN IF NOT EXISTS section VARCHAR DEFAULT '';
ALTER TABLE concepts ADD COLUMN IF NOT EXISTS section_label VARCHAR DEFAULT '';
ALTER TABLE concepts ADD COLUMN IF NOT EXISTS components VARCHAR[] DEFAULT [];
-- A projection file written before a restatement's repetitions were listed gets the column
-- here; the replay then judges every restatement again (replay._create_schema).
ALTER TABLE restatements ADD COLUMN IF NOT EXISTS repeated_in VARCHAR[] DEFAULT [];
