"""publisher service: ports layer."""
