"""auth service: domain layer."""
