"""The provider's staff console and fleet-wide operations."""
