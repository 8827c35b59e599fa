#!/usr/bin/env python3
"""Prints FidelityTargetsTest.MEASURED from the CSV of bench/fidelity-matrix.sh, and the counts its @Disabled
messages quote. Usage: tools/fidelity-measured.py [bench/target/fidelity-matrix.csv]

Targets (issue 11): latency within 5%, energy within 2%, DRAM bytes equal, DRAM peak within 5% ('*' = missed).
"""
import csv
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "bench/target/fidelity-matrix.csv"
rows = list(csv.DictReader(open(path)))
lines = []
miss = {"latency": [], "energy": [], "peak": []}
for r in rows:
    lat, en, pk = float(r["latency_ratio"]), float(r["energy_ratio"]), float(r["dram_peak_ratio"])
    same = r["model_dram_bytes"] == r["sim_dram_bytes"]
    marks = [abs(lat - 1) > 0.05, abs(en - 1) > 0.02, abs(pk - 1) > 0.05]
    for name, ratio, m in zip(("latency", "energy", "peak"), (lat, en, pk), marks):
        if m:
            miss[name].append((ratio, r["batch"], r["pipeline"]))
    f = lambda v, m: ("%.4f" % v) + ("*" if m else " ")
    lines.append('        "%-13s %-9s %2s %-6s %s %s %s   %s",' % (
        r["network"], r["chip"], r["batch"], r["pipeline"], f(lat, marks[0]), f(en, marks[1]),
        "= " if same else "!=", f(pk, marks[2]).rstrip()))
lines[-1] = lines[-1].rstrip(",") + ");"
print("\n".join(lines))
for name, m in miss.items():
    if m:
        print("# %s: %d of %d miss, %.3f to %.3f" % (name, len(m), len(rows), min(x[0] for x in m),
                                                    max(x[0] for x in m)), file=sys.stderr)
        for b in ("1", "16"):
            for p in ("row", "image"):
                sub = [x[0] for x in m if x[1] == b and x[2] == p]
                tot = sum(1 for r in rows if r["batch"] == b and r["pipeline"] == p)
                if sub:
                    print("#   %s B%s: %d of %d, %.3f-%.3f" % (p, b, len(sub), tot, min(sub), max(sub)),
                          file=sys.stderr)
