"""Media service: uploads, probing, SSRF-safe import, review and retention."""
