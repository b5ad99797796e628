"""Mastodon stand-in: one instance with apps, OAuth (PKCE), media and statuses."""
