"""Retention enforced by each service: expired data gone after the retention job runs."""
