"""Learning journal: filled by a later part of the portal."""
