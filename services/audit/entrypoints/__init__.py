"""audit service: entrypoints layer."""
