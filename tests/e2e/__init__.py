"""End-to-end stories through the gateway with every service and the sandbox."""
