-- Wake the library's subscribers to the log, as its own recorder does on every insert.
NOTIFY {channel}
