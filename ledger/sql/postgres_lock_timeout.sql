-- How long this transaction waits for the table lock (the store's POSTGRES_LOCK_TIMEOUT).
SELECT set_config('lock_timeout', %(timeout)s, true)
