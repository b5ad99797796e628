"""NATS messaging: broker factory, streams, RPC, outbox relay, inbox and durable consumers."""
