"""Shared pytest fixtures (pytest-django provides db, client, settings, ...)."""
