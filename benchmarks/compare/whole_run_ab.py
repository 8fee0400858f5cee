#!/usr/bin/env python3
"""Whole-run A/B of two octet builds on a shared, noisy machine.

Usage:
  whole_run_ab.py MODEL OCTET_A OCTET_B [--threads 1] [--rounds 12] [--runs 100]

Runs `octet bench MODEL --threads T --runs R --json F` for each binary in turn, the order alternating
from round to round, and prints per binary the fastest run, the median of the rounds' p10 and of
their medians, then the median over rounds of B's p10 divided by A's from the same round (the two
ran seconds apart, so a slow phase of the host moves both). Whole runs include everything between
operators; per_op_ab.py's sums of per-operator minima say which operators moved but can differ by a
few percent between two builds whose changed code those operators never run.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def bench(octet, model, threads, runs, path):
    subprocess.run([octet, "bench", model, "--threads", str(threads), "--runs", str(runs), "--json", path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(path) as f:
        d = json.load(f)
    return d["min_ms"], d["p10_ms"], d["median_ms"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a .tflite or .octet file, or a built-in model name")
    ap.add_argument("octet_a")
    ap.add_argument("octet_b")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--runs", type=int, default=100)
    args = ap.parse_args()
    binaries = [args.octet_a, args.octet_b]
    results = [[], []]  # per binary: (min, p10, median) per round
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.json")
        for r in range(args.rounds):
            for i in ((0, 1) if r % 2 == 0 else (1, 0)):
                results[i].append(bench(binaries[i], args.model, args.threads, args.runs, path))
            print(f"round {r + 1}/{args.rounds}", file=sys.stderr)
    for b, rows in zip(binaries, results):
        print(f"{b}: fastest {min(x[0] for x in rows):.4f} ms, median p10 {statistics.median(x[1] for x in rows):.4f}"
              f" ms, median of medians {statistics.median(x[2] for x in rows):.4f} ms")
    ratios = [b[1] / a[1] for a, b in zip(*results)]
    print(f"B / A, paired p10: median {statistics.median(ratios):.4f} "
          f"(from {min(ratios):.4f} to {max(ratios):.4f} over {args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
