#!/usr/bin/env python3
"""Per-operator A/B of octet builds (or of thread counts) on a shared, noisy machine.

Usage:
  per_op_ab.py MODEL OCTET_A [OCTET_B] [--threads 1] [--rounds 8] [--runs 100] [--top 10]

Runs `octet bench MODEL --threads T --runs R --profile --json F` for each binary in turn, the order
alternating from round to round, and keeps each operator's fastest profile time over the rounds (the
profile time is the median of that process's profiled runs). The sum of those minima moves far less
with the host's slow phases than whole-run medians do, so two builds measured this way differ by
what changed, not by when each ran. With one binary and two thread counts (--threads 1 2) it prints
the scaling instead. The operators that moved most are listed with both times.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile


def bench(octet, model, threads, runs, path):
    subprocess.run([octet, "bench", model, "--threads", str(threads), "--runs", str(runs), "--profile", "--json", path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(path) as f:
        d = json.load(f)
    return d["min_ms"], {op["index"]: (op["type"], op["kernel"], op["shapes"], op["ms"]) for op in d["ops"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a .tflite or .octet file, or a built-in model name")
    ap.add_argument("octet", nargs="+", help="one or two octet binaries")
    ap.add_argument("--threads", nargs="+", type=int, default=[1], help="one count, or two with one binary")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--top", type=int, default=10, help="operators listed")
    args = ap.parse_args()
    if len(args.octet) > 2 or (len(args.octet) == 2) == (len(args.threads) == 2) or len(args.threads) > 2:
        ap.error("give two binaries and one thread count, or one binary and two thread counts")
    configs = [(b, args.threads[0]) for b in args.octet] if len(args.octet) == 2 else \
              [(args.octet[0], t) for t in args.threads]
    labels = [f"{b} t{t}" for b, t in configs]
    minima = [dict() for _ in configs]
    run_min = [float("inf")] * len(configs)
    names = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.json")
        for r in range(args.rounds):
            order = range(len(configs)) if r % 2 == 0 else reversed(range(len(configs)))
            for i in order:
                b, t = configs[i]
                whole, ops = bench(b, args.model, t, args.runs, path)
                run_min[i] = min(run_min[i], whole)
                for k, (typ, kernel, shapes, ms) in ops.items():
                    names[k] = (typ, kernel, shapes)
                    minima[i][k] = min(minima[i].get(k, float("inf")), ms)
            print(f"round {r + 1}/{args.rounds}", file=sys.stderr)
    sums = [sum(m.values()) for m in minima]
    for label, s, w in zip(labels, sums, run_min):
        print(f"{label}: per-op minima summed {s:.4f} ms, fastest whole run {w:.3f} ms")
    a, b = minima
    if len(args.threads) == 2:
        print(f"scaling t{args.threads[0]} -> t{args.threads[1]}: {sums[0] / sums[1]:.3f}x")
    else:
        print(f"B / A: {sums[1] / sums[0]:.4f}")
    moved = sorted(a, key=lambda k: -abs(b[k] - a[k]))[:args.top]
    for k in moved:
        typ, kernel, shapes = names[k]
        print(f"  op {k:3d} {typ:18s} {kernel:38s} {shapes:36s} {a[k] * 1000:8.1f} -> {b[k] * 1000:8.1f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
