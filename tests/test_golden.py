"""Golden files: every input in samples/ beside its NAME.gold.json, scored field by field.

The quality gate: each case must score at least its entry in tests/eval_baseline.json (regenerate
with `python tests/update_baseline.py` after an improvement); a case without a gold file or without
a baseline entry fails.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

import kexie_parse
from conftest import SAMPLES, case_name, sample_inputs
from scoring import METRICS, score

BASELINE = Path(__file__).with_name("eval_baseline.json")
INPUTS = sample_inputs()


@lru_cache(maxsize=None)
def record(path: Path) -> dict:
    return kexie_parse.parse(path, enrich=False).to_dict()


def gold_of(path: Path) -> dict:
    gold = SAMPLES / (path.name.split(".")[0] + ".gold.json")
    assert gold.exists(), f"{path.name} has no expected record {gold.name}"
    return json.loads(gold.read_text(encoding="utf-8"))


def test_samples_are_there():
    assert len(INPUTS) >= 21, "samples/ lost its bulletins"


@pytest.mark.parametrize("path", INPUTS, ids=[case_name(p) for p in INPUTS])
def test_sample_meets_baseline(path: Path):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    name = case_name(path)
    assert name in baseline, f"{name} has no entry in {BASELINE.name}: run tests/update_baseline.py"
    m = score(gold_of(path), record(path))
    floor = baseline[name]
    worse = {k: round(m[k], 4) for k in METRICS if m[k] < floor.get(k, 0.0) - 1e-6}
    assert m["structure"] >= floor["structure"] - 1e-6 and not worse, f"{name} dropped below baseline: {worse}"


def test_public_bulletins_exact():
    """The three public bulletins in their cleanest text forms need no correction at all."""
    for name in ("kx2023-03.archive.txt", "kx2023-03.blocks.txt", "p01.blocks.txt", "p02.layout.txt"):
        path = SAMPLES / name
        m = score(gold_of(path), record(path))
        assert m["structure"] == pytest.approx(1.0), (name, m)


def test_mean_structure_gate():
    """Mean structure over every sample stays at or above the baseline mean."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    scores = [score(gold_of(p), record(p))["structure"] for p in INPUTS]
    floor = sum(baseline[case_name(p)]["structure"] for p in INPUTS) / len(INPUTS)
    assert sum(scores) / len(scores) >= floor - 1e-6
