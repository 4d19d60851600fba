"""The results document every reporter reads: its builder, the gate and the diff."""

from __future__ import annotations

from ibpaudit.results.document import SCHEMA_VERSION, add_gate, build

__all__ = ["SCHEMA_VERSION", "add_gate", "build"]
