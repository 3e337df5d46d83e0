"""The e-service catalogue: definitions as data, search and description pages."""
