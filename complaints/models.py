"""Concerns and complaints: filled by a later part of the portal."""
