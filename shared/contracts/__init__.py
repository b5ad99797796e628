"""Event and RPC contracts: the only shapes that cross a service boundary."""
