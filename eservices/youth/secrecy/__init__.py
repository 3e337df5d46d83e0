"""Ballot secrecy: the pending pool and how ballots leave it (docs/election-secrecy.md)."""
