"""Unit tests: the core with fakes of our ports, no I/O."""
