"""gateway: app layer."""
