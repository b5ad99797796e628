"""Accounts, workspaces, sessions, API keys and their isolation (issue 3)."""
