"""`make demo`: the whole story told step by step against a running `make run`."""
