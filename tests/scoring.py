"""Field-by-field comparison of a record with a gold record (samples/NAME.gold.json).

The same measures the archivists' acceptance uses: masthead fields exact, F1 of TOC titles, section
names and (section, article title) pairs, body text similarity, paragraph boundaries, attributions
and colophon fields. `structure` is their mean; 1.0 means the record needs no correction.
"""
from __future__ import annotations

import difflib
import re

WS = re.compile(r"\s+")
MASTHEAD_KEYS = ("title", "year", "issue", "total_issue", "special", "issuer", "date")
METRICS = ("masthead", "toc", "sections", "titles", "body", "paragraphs", "attribution", "colophon")


def squash(s) -> str:
    return "" if s is None else WS.sub("", str(s))


def f1(gold: list, pred: list) -> float:
    if not gold and not pred:
        return 1.0
    pool, tp = list(pred), 0
    for g in gold:
        if g in pool:
            pool.remove(g)
            tp += 1
    if not tp:
        return 0.0
    p, r = tp / len(pred), tp / len(gold)
    return 2 * p * r / (p + r)


def _articles(rec: dict) -> list[tuple]:
    return [(squash(s.get("name")) or None, a) for s in rec.get("sections", []) for a in s.get("articles", [])]


def _cuts(paras: list[str]) -> list[int]:
    out, pos = [], 0
    for p in paras[:-1]:
        pos += len(p)
        out.append(pos)
    return out


def score(gold: dict, rec: dict) -> dict[str, float]:
    m: dict[str, float] = {}
    gm, pm = gold["masthead"], rec["masthead"]
    m["masthead"] = sum(squash(gm[k]) == squash(pm.get(k)) for k in MASTHEAD_KEYS) / len(MASTHEAD_KEYS)
    m["toc"] = f1([squash(e["title"]) for e in gold["toc"]], [squash(e["title"]) for e in rec["toc"]])
    m["sections"] = f1([squash(s["name"]) for s in gold["sections"] if s["name"]],
                       [squash(s["name"]) for s in rec["sections"] if s["name"]])
    ga, pa = _articles(gold), _articles(rec)
    m["titles"] = f1([(s, squash(a["title"])) for s, a in ga], [(s, squash(a["title"])) for s, a in pa])
    by_title = {}
    for _, a in pa:
        by_title.setdefault(squash(a["title"]), a)
    body, paras, attr = [], [], []
    for _, g in ga:
        p = by_title.get(squash(g["title"]))
        if p is None:
            body.append(0.0), paras.append(0.0), attr.append(0.0)
            continue
        gp = ([squash(g["editor_note"])] if g.get("editor_note") else []) + [squash(x["text"]) for x in g["paragraphs"]]
        pp = ([squash(p["editor_note"])] if p.get("editor_note") else []) + [squash(x["text"]) for x in p["paragraphs"]]
        sim = difflib.SequenceMatcher(None, "".join(gp), "".join(pp), autojunk=False).ratio()
        body.append(sim)
        paras.append(f1(_cuts(gp), _cuts(pp)) * (1.0 if abs(len("".join(gp)) - len("".join(pp))) < 3 else sim))
        attr.append(1.0 if [squash(o) for o in g["attribution"]] == [squash(o) for o in p["attribution"]] else 0.0)
    n = max(1, len(ga))
    m["body"], m["paragraphs"], m["attribution"] = sum(body) / n, sum(paras) / n, sum(attr) / n
    gc, pc = gold["colophon"], rec["colophon"]
    checks = [[squash(x) for x in gc["editor"]] == [squash(x) for x in pc["editor"]],
              [squash(x) for x in gc["reviewer"]] == [squash(x) for x in pc["reviewer"]],
              re.sub(r"\W", "", "".join(gc["distribution"])) == re.sub(r"\W", "", "".join(pc["distribution"]))]
    other = squash(str(pc["other"]))
    for label, vals in (gc.get("other") or {}).items():
        vals = vals if isinstance(vals, list) else [vals]
        checks.append(all(squash(v) in other for v in vals))
    m["colophon"] = sum(checks) / len(checks)
    m["structure"] = sum(m[k] for k in METRICS) / len(METRICS)
    return m
