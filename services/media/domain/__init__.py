"""media service: domain layer."""
