"""Local stack: start NATS, the MongoDB-compatible store and every service as processes."""
