"""Whole numbers in addresses: only those a database id column can hold match a route."""

import builtins

from werkzeug.routing import IntegerConverter

# Ids and years are INTEGER columns: 32 bits, signed, on PostgreSQL (SQLite takes 64).
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` bounded to the INTEGER range.

    A larger number is no id, so the address matches no route and answers 404. Unbounded,
    it reached PostgreSQL, which refuses to compare it with an INTEGER column (a 500).
    """

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        bound = LARGEST_ID if max is None else builtins.min(max, LARGEST_ID)
        super().__init__(map, fixed_digits, min, bound, signed)
