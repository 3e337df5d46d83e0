"""Test data kept as files: see README.md here for where each comes from."""

import json
from pathlib import Path

HERE = Path(__file__).parent


def naughty_strings():
    """The Big List of Naughty Strings, in its order (blns.json)."""
    return json.loads((HERE / "blns.json").read_text(encoding="utf-8"))
