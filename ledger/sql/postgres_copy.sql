-- The stored events of a transaction, streamed in order (notification ids follow it).
COPY {events} (originator_id, originator_version, topic, state) FROM STDIN
