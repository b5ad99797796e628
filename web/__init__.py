"""The Gamontj web application: a server-rendered client of the public REST API."""
