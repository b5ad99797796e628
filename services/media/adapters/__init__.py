"""media service: adapters layer."""
