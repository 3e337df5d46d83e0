"""Helpers for the tests of supports: made-up people, and a lower threshold."""

import dataclasses


def personnummer(n):
    """The n-th of a run of valid made-up personnummer (born 1980, serial from 0001)."""
    digits = f"19800101{n:03d}"
    # The Luhn check digit over the ten digits YYMMDDNNN.
    body = digits[2:]
    total = 0
    for index, char in enumerate(body):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{digits}{(10 - total % 10) % 10}"


def set_threshold(app, threshold):
    """Make the app's rulebook forward at ``threshold`` supports."""
    rulebook = app.extensions["rulebook"]
    app.extensions["rulebook"] = dataclasses.replace(
        rulebook, settings=dataclasses.replace(rulebook.settings, support_threshold=threshold)
    )
