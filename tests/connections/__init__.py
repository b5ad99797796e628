"""Provider connections: token encryption, OAuth adapters against the sandboxes."""
