"""MongoDB access: the async client factory and index declarations."""
