"""Benchmarks printed as one JSON document by `make bench`."""
