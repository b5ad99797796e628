"""Bluesky stand-in: a PDS with app-password sessions, blobs and records."""
