"""media service: app layer."""
