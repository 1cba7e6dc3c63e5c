"""Pure functions that read the text of a command or file into plain data; no machine access."""
