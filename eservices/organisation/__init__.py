"""The municipality's organisation: units that receive cases, and committees (nämnder)."""
