"""Schema-driven API fuzzing."""
