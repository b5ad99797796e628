"""gateway: entrypoints layer."""
