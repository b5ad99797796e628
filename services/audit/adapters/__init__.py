"""audit service: adapters layer."""
