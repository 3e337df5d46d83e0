"""HTTP for the statistics pages."""
