-- Taken before the first insert of a transaction, as the library's recorder does: writers insert
-- one at a time, so notification ids are assigned in commit order and a reader tailing the log
-- never passes over a gap that a slower transaction fills later. Readers are not blocked.
LOCK TABLE {events} IN EXCLUSIVE MODE
