"""auth service: app layer."""
