"""auth service: adapters layer."""
