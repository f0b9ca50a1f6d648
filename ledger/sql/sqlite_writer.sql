-- The page cache of the connection that records, in KiB (a negative size is KiB, not pages):
-- every insert walks the primary-key index (random originator ids), and once that index
-- outgrows SQLite's default 2 MB cache each insert reads its pages from the file again. 256 MiB
-- holds the index of a store of several million events; the memory is taken as pages are read,
-- only by the writing connection, and freed when it closes. Durability is unchanged: this is a
-- cache of the file, each commit still waits for the write-ahead log to reach the disk.
PRAGMA cache_size = -262144
