"""publisher service: app layer."""
