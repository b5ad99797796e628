"""gateway: adapters layer."""
