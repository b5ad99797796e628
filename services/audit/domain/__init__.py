"""audit service: domain layer."""
