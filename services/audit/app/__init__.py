"""audit service: app layer."""
