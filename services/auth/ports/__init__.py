"""auth service: ports layer."""
