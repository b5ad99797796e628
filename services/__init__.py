"""Gamontj services: auth, media, publisher, audit and the gateway."""
