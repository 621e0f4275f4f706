"""Payments of consumers and the provider's pricing of collectives."""
