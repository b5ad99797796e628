"""auth service: entrypoints layer."""
