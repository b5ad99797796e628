"""publisher service: adapters layer."""
