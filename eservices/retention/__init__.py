"""Anonymising closed cases once their service's retention period has passed."""
