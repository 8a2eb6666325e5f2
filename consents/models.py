"""Consents, medication and accidents: filled by a later part of the portal."""
