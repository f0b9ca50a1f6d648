-- One stored event; run with executemany, in the order of the notification ids to assign
-- (SQLite's rowid, which the library reads as the notification id).
INSERT INTO {events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)
