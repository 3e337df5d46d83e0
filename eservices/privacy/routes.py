"""HTTP for the privacy pages on Mina sidor."""
