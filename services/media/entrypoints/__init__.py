"""media service: entrypoints layer."""
