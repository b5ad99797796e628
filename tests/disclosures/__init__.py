"""The disclosure ledger: every time workspace data left for a provider."""
