"""The retention app's tables."""

from retention.adults import AdultErasure

__all__ = ["AdultErasure"]
