"""Pages: one module per area, each a Litestar controller rendering templates/<area>/*."""
