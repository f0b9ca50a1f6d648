"""Reading a text dump: its lines, the printed numbers, column headers and table blocks."""
