"""Gallring: the daily run that disposes of what each capability keeps past its time."""
