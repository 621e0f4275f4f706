"""Everything inside one collective: catalogue, pickup points, cycles, orders."""
