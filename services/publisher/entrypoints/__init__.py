"""publisher service: entrypoints layer."""
