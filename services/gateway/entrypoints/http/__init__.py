"""The gateway's public HTTP surface (Litestar)."""
