"""gateway: domain layer."""
