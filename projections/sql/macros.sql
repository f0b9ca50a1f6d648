-- Table macros and views over the projection. Safe to re-run.

-- facts_as_at(D): each series' value as the market knew it on D: the latest value among the
-- disclosures published on or before D (published_on, never the recording time).
-- Same-day disclosures are ordered by disclosure_id so every ingestion order gives one answer.
CREATE OR REPLACE MACRO facts_as_at(as_at) AS TABLE
    SELECT *
    FROM fact_versions
    WHERE published_on <= CAST(as_at AS DATE)
    QUALIFY row_number() OVER (
        PARTITION BY issuer, series_id ORDER BY published_on DESC, disclosure_id DESC
    ) = 1;
