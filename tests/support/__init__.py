"""Helpers shared by tests: events, fakes, consumers."""
