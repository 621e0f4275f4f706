"""Invoices: producers' sales under billing mandate, the collective's own invoices,
credit notes, Factur-X, pickup point statements and accounting exports.

See `shop.invoicing.services` for the rules each document follows.
"""
