"""Tests of the provider sandboxes, over real HTTP against an in-process server."""
