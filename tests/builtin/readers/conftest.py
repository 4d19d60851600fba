"""Fixtures for the reader tests: real files under data/, hashed as the dossier hashes them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from ibpaudit.model import EvidenceFile

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def evidence_file() -> Callable[[Path, str], EvidenceFile]:
    """An ``EvidenceFile`` for a real file, named by its dossier-relative path."""

    def make(path: Path, rel: str) -> EvidenceFile:
        content = path.read_bytes()
        return EvidenceFile(
            rel, hashlib.sha256(content).hexdigest(), len(content), "2026-10-31T09:00:00+00:00"
        )

    return make
