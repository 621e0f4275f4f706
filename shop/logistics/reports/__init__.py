"""What each document shows, computed with a fixed number of aggregate queries.

Every selector here reads the cycle's lines with one or two `values()` /
`annotate()` queries and shapes them in Python, so a document's cost grows
with the cycle's size only, never with the collective's history, and never
runs a query per order.
"""
