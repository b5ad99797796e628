"""publisher service: domain layer."""
