"""Reliability figures (issue #8): each reliability test adds what it tried and what held to a tally,
and the end of the run writes ``test-artifacts/reliability.json`` and ``reliability.md`` and prints
one summary line. The README's "Reliability" section quotes the figures of the last full run.

    from tests.reliability import tally
    tally("journeys", passed=1)                   # a role's browser journey reached its screenshot
    tally("fuzzing", endpoints=1, cases=120)       # one operation fuzzed with 120 generated requests
    tally("access", cells=48)                      # access-matrix cells asserted
    tally("faults", scenarios=1, rows_lost=0)     # a fault scenario survived, and what it lost
    tally("bad_input", cases=12)                   # malformed inputs tried (each: field error, nothing written)

Figures are added up across tests (and across pytest-xdist workers if ever used: each process writes
its own part file and the session end merges them). Call ``tally`` only once the assertions of the
test have passed, so the figures count what held.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PARTS = ARTIFACTS / "reliability-parts"

# Order and wording of the summary (sections not run are left out).
LABELS: dict[str, dict[str, str]] = {
    "journeys": {"passed": "role journeys passed in Chromium"},
    "fuzzing": {"endpoints": "API operations fuzzed", "cases": "generated requests", "server_errors": "5xx"},
    "access": {"cells": "access-matrix cells asserted"},
    "faults": {"scenarios": "fault and concurrency scenarios survived", "rows_lost": "rows lost"},
    "bad_input": {"cases": "malformed inputs rejected with a field error, nothing written"},
    "hardening": {"checks": "hardening checks passed"},
}

_figures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))


def tally(section: str, **figures: int) -> None:
    """Add ``figures`` to ``section``'s running totals for this run."""
    for name, value in figures.items():
        _figures[section][name] += int(value)


def _part_path() -> Path:
    return PARTS / f"part-{os.getpid()}.json"


def flush_part() -> None:
    """Write this process's totals (called at session end, in every process)."""
    if not _figures:
        return
    PARTS.mkdir(parents=True, exist_ok=True)
    _part_path().write_text(json.dumps(_figures, ensure_ascii=False))


def merge_and_report() -> str | None:
    """Merge every part into reliability.json / reliability.md; return the one-line summary."""
    if not PARTS.exists():
        return None
    merged: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for part in sorted(PARTS.glob("part-*.json")):
        for section, figures in json.loads(part.read_text()).items():
            for name, value in figures.items():
                merged[section][name] += value
        part.unlink()
    if not merged:
        return None
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reliability.json").write_text(json.dumps(merged, ensure_ascii=False, indent=2))
    lines, pieces = ["| Figure | Value |", "|---|---:|"], []
    for section, labels in LABELS.items():
        for name, label in labels.items():
            if section in merged and name in merged[section]:
                lines.append(f"| {label} | {merged[section][name]:,} |")
                pieces.append(f"{label}: {merged[section][name]:,}")
    for section in merged.keys() - LABELS.keys():
        for name, value in merged[section].items():
            lines.append(f"| {section} {name} | {value:,} |")
            pieces.append(f"{section} {name}: {value:,}")
    (ARTIFACTS / "reliability.md").write_text("\n".join(lines) + "\n")
    return "Reliability — " + "; ".join(pieces)
