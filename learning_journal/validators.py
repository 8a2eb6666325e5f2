"""Checks on what people type into the journal: plain text only (preschool/validators.py)."""

from preschool.validators import plain_text

__all__ = ["plain_text"]
