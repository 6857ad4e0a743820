"""Write tests/eval_baseline.json from the current parser's scores on samples/ (run after an improvement)."""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import kexie_parse  # noqa: E402
from conftest import SAMPLES, case_name, sample_inputs  # noqa: E402
from scoring import METRICS, score  # noqa: E402

out = {}
for p in sample_inputs():
    gold = json.loads((SAMPLES / (p.name.split(".")[0] + ".gold.json")).read_text(encoding="utf-8"))
    m = score(gold, kexie_parse.parse(p, enrich=False).to_dict())
    out[case_name(p)] = {k: round(m[k] - 0.0005, 3) if m[k] < 1 else 1.0 for k in ("structure",) + METRICS}
    print(f"{case_name(p):22s} {m['structure']:.3f}")
(HERE / "eval_baseline.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
