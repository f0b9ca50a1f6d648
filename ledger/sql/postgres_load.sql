-- Everything a batch of documents needs, in one query: every stored event of their aggregates
-- (an array of uuids), each aggregate's in version order, then the chain's latest event, whose
-- seal states the head to extend. The events table is qualified by the store's schema.
SELECT originator_id, originator_version, topic, state
FROM (
    SELECT 0 AS part, originator_id, originator_version, topic, state
    FROM {events}
    WHERE originator_id = ANY(%(ids)s::uuid[])
    UNION ALL
    (
        SELECT 1 AS part, originator_id, originator_version, topic, state
        FROM {events}
        WHERE originator_id = %(chain)s
        ORDER BY originator_version DESC
        LIMIT 1
    )
) AS loaded
ORDER BY part, originator_id, originator_version
