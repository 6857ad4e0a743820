from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def sample_inputs() -> list[Path]:
    """Every bulletin input in samples/: NAME.VARIANT.txt, NAME.pdf and NAME.VARIANT.pdf (the same
    bulletin from another producer: NAME.word.pdf, NAME.gongwen.pdf, NAME.chrome.pdf)."""
    out = []
    for p in sorted(SAMPLES.iterdir()):
        parts = p.name.split(".")
        if p.suffix == ".pdf" and len(parts) in (2, 3) or p.suffix == ".txt" and len(parts) == 3:
            out.append(p)
    return out


def case_name(p: Path) -> str:
    parts = p.name.split(".")
    return f"{parts[0]}.{parts[1] if len(parts) == 3 else 'pdf'}"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
