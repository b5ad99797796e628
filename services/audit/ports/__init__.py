"""audit service: ports layer."""
