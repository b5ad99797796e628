"""The thin shared kernel: contracts, broker/store factories, telemetry, tenancy, config."""
