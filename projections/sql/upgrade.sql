-- Statements that bring a projection file written by an earlier version of the ledger up to
-- date, run by replay._upgrade_schema inside one transaction.

-- name: fact_values
-- fact_versions was a table holding each value with its series' columns; its values move to
-- fact_values (the series' columns are in `series` already, and the printed value follows
-- from the value and its scale).
INSERT INTO fact_values
SELECT series_id, issuer, value, scale, decimals, published_on, disclosure_id, document, line,
       label, raw, statement, also_on_lines, NULL, NULL
FROM old_fact_versions;
