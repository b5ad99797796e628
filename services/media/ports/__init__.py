"""media service: ports layer."""
