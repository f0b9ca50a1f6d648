-- A new store file, before the library creates its table: 16 KiB pages (SQLite's default is 4
-- KiB) put four times as many index entries on a page, so the primary-key index is shallower and
-- a cached page serves more inserts. The page size of a store is fixed once it holds a table (in
-- WAL mode for good), so existing stores keep theirs. Then the write-ahead log, as the library
-- sets it; its commits are durable (synchronous stays SQLite's FULL).
PRAGMA page_size = 16384;
PRAGMA journal_mode = WAL;
