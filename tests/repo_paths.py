"""Where the tests find the repository: one definition instead of one per file."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
