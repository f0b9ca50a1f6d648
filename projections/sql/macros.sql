-- Table macros and views over the projection. Safe to re-run.

-- facts_as_at(D): each series' value as the market knew it on D: the latest value among the
-- disclosures published on or before D (published_on, never the recording time).
-- Same-day disclosures are ordered by acceptance time (a filing without one first), then by
-- disclosure_id, so every ingestion order gives one answer.
CREATE OR REPLACE MACRO facts_as_at(as_at) AS TABLE
    SELECT *
    FROM fact_versions
    WHERE published_on <= CAST(as_at AS DATE)
    QUALIFY row_number() OVER (
        PARTITION BY issuer, series_id
        ORDER BY published_on DESC, accepted_at DESC NULLS LAST, disclosure_id DESC
    ) = 1;

-- concept_statements: the view of the taxonomy a statement is laid out by. The profit-or-loss
-- section of the statement of comprehensive income belongs to the income statement.
CREATE OR REPLACE VIEW concept_statements AS
    SELECT concept,
           CASE statement WHEN 'comprehensive-income' THEN 'income' ELSE statement END
               AS statement,
           presentation_order,
           label,
           level,
           is_total,
           section,
           section_label,
           components
    FROM concepts;

-- statement_as_at(issuer, statement, period, D): one primary statement (income, balance,
-- cashflow) as the market knew it on D, the taxonomy's face-of-statement lines in presentation
-- order, with their layout (indentation level, total line or not, section). `ledger statement`
-- adds the lines only the document prints, section headings and the footing checks.
CREATE OR REPLACE MACRO statement_as_at(p_issuer, p_statement, p_period, p_as_at) AS TABLE
    SELECT c.presentation_order, c.label AS line_item, f.concept, f.printed_value AS value,
           f.unit, f.scale, f.published_on, f.document, f.line, f.page,
           c.level, CASE WHEN c.is_total THEN 'subtotal' ELSE 'line' END AS row_kind, c.section
    FROM facts_as_at(p_as_at) f
    JOIN concept_statements c ON c.concept = f.concept
    WHERE f.issuer = p_issuer AND f.dimensions = '' AND f.period = p_period
      AND c.statement = p_statement
    ORDER BY c.presentation_order;
