"""Write paths of consumers' payments: `setup` (settings, Connect), `orders` (pay, charge, refund)."""
