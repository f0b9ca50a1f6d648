-- Everything a batch of documents needs, in one query: every stored event of their aggregates
-- (?1, a JSON array of originator ids as 32 hex digits), and the chain's latest event (?2),
-- whose seal states the head to extend. Unordered: the caller sorts the few rows (faster than
-- SQLite's sorter).
SELECT e.originator_id, e.originator_version, e.topic, e.state
FROM json_each(?1) AS wanted
JOIN {events} AS e ON e.originator_id = wanted.value
UNION ALL
SELECT * FROM (
    SELECT originator_id, originator_version, topic, state
    FROM {events}
    WHERE originator_id = ?2
    ORDER BY originator_version DESC
    LIMIT 1
)
