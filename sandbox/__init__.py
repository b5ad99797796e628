"""Gamontj — provider stand-ins (sandboxes) used by tests and `make run`; never by production."""
