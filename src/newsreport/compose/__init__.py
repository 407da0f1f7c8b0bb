"""Composing a document: which articles, in which order and groups, with what lead."""

from __future__ import annotations

from .digest import UNDATED as UNDATED
from .digest import compose_digest as compose_digest

__all__ = ["UNDATED", "compose_digest"]
