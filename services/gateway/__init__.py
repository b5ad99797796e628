"""The gateway: the one public HTTP surface; authenticates and forwards calls over NATS."""
