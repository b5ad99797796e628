"""gateway: ports layer."""
