"""Audit: trail, chain verification, operational log."""
