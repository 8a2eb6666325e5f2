"""Key person: filled by a later part of the portal."""
