#!/usr/bin/env python3
"""octet vs ONNX Runtime, TFLite + XNNPACK and TFLite's builtin kernels, side by side in one run.

Usage:
  compare.py [--models M ...] [--threads 1 2] [--rounds 5] [--runs-per-round 20] [--warmup 3]
             [--octet PATH] [--json FILE] [--workdir DIR] [--runtimes octet ort xnnpack builtin]

Each measurement is one fresh process per runtime per round, and the runtimes take turns within
every round (octet, ort, xnnpack, builtin, octet, ort, ...), for every model and thread count, so
that load drifts on a shared machine hit all of them alike. See README.md in this folder for what
each column means.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED_MODELS = os.path.join(os.path.dirname(REPO), "shared", "models")
DEFAULT_MODELS = [os.path.join(SHARED_MODELS, "tf2_mobilenet_v2_1.0_224_ptq.tflite"),
                  os.path.join(SHARED_MODELS, "mobilenet_v1_0.25_128_quant.tflite")]
DEFAULT_OCTET = os.path.join(os.path.dirname(REPO), "build-compare", "tools", "octet", "octet")
RUNTIMES = ["octet", "ort", "xnnpack", "builtin"]
LABELS = {"octet": "octet", "ort": "ONNX Runtime", "xnnpack": "TFLite+XNNPACK", "builtin": "TFLite builtin"}
SEED = 1

# --------------------------------------------------------------------------------------------
# Worker: runs inside its own process, measures one runtime on one model, prints JSON.


def _vm_hwm_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _stats(samples):
    a = np.asarray(samples, dtype=np.float64)
    return {"median_ms": float(np.percentile(a, 50)), "p10_ms": float(np.percentile(a, 10)),
            "p90_ms": float(np.percentile(a, 90)), "mean_ms": float(a.mean()), "min_ms": float(a.min())}


def _delegation(interp):
    """Which TFLite nodes a delegate took: partitions, covered ops and the ops left to TFLite."""
    ops = interp._get_ops_details()
    delegates = [o for o in ops if o["op_name"] == "DELEGATE"]
    originals = [o for o in ops if o["op_name"] != "DELEGATE"]
    producer = {}
    for o in originals:
        for t in o["outputs"]:
            producer[int(t)] = o
    covered = set()
    for d in delegates:
        stop = {int(t) for t in d["inputs"]}
        todo = [int(t) for t in d["outputs"]]
        while todo:
            t = todo.pop()
            if t in stop or t not in producer:
                continue
            o = producer[t]
            if o["index"] in covered:
                continue
            covered.add(o["index"])
            todo.extend(int(x) for x in o["inputs"] if x >= 0)
    left = [o["op_name"] for o in originals if o["index"] not in covered]
    return {"partitions": len(delegates), "ops": len(originals), "delegated_ops": len(covered),
            "not_delegated": left}


def worker(args):
    import gc
    out = {"runtime": args.runtime, "threads": args.threads}
    rng = np.random.default_rng(SEED)
    if args.runtime == "ort":
        import onnxruntime as ort
        if args.baseline:
            print(json.dumps({"peak_rss_kb": _vm_hwm_kb()}))
            return 0
        base_kb = _vm_hwm_kb()
        t0 = time.perf_counter()
        so = ort.SessionOptions()
        so.intra_op_num_threads = args.threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        sess = ort.InferenceSession(args.model, so, providers=["CPUExecutionProvider"])
        inp, outp = sess.get_inputs()[0], sess.get_outputs()[0]
        x = rng.integers(0, 256, size=inp.shape, dtype=np.uint8)
        y = np.empty(outp.shape, dtype=np.uint8)
        io = sess.io_binding()
        io.bind_cpu_input(inp.name, x)
        io.bind_ortvalue_output(outp.name, ort.OrtValue.ortvalue_from_numpy(y))
        t1 = time.perf_counter()
        sess.run_with_iobinding(io)
        t2 = time.perf_counter()
        run = lambda: sess.run_with_iobinding(io)  # noqa: E731
        out.update(version=ort.__version__, providers=sess.get_providers())
    else:
        from ai_edge_litert import interpreter as litert
        if args.baseline:
            print(json.dumps({"peak_rss_kb": _vm_hwm_kb()}))
            return 0
        kwargs = {}
        if args.runtime == "builtin":
            kwargs["experimental_op_resolver_type"] = litert.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
        base_kb = _vm_hwm_kb()
        t0 = time.perf_counter()
        interp = litert.Interpreter(model_path=args.model, num_threads=args.threads, **kwargs)
        interp.allocate_tensors()
        inp = interp.get_input_details()[0]
        x = rng.integers(0, 256, size=inp["shape"], dtype=np.uint8).astype(inp["dtype"])
        interp.set_tensor(inp["index"], x)
        t1 = time.perf_counter()
        interp.invoke()
        t2 = time.perf_counter()
        run = interp.invoke
        import importlib.metadata
        out.update(version=importlib.metadata.version("ai-edge-litert"), delegation=_delegation(interp))
    out["load_ms"] = (t1 - t0) * 1e3
    out["first_ms"] = (t2 - t1) * 1e3
    out["load_to_first_ms"] = (t2 - t0) * 1e3
    for _ in range(args.warmup):
        run()
    gc.disable()
    samples = []
    for _ in range(args.runs):
        s = time.perf_counter()
        run()
        samples.append((time.perf_counter() - s) * 1e3)
    gc.enable()
    out.update(_stats(samples))
    out["peak_rss_kb"] = _vm_hwm_kb()
    out["base_rss_kb"] = base_kb
    print(json.dumps(out))
    return 0


# --------------------------------------------------------------------------------------------
# Driver.


GNU_TIME = "/usr/bin/time"


def run_measured(cmd):
    """Runs cmd; returns (returncode, stdout, stderr, peak RSS in KB of that very process or None).

    The peak RSS comes from GNU time (Debian package 'time'), which forks the command from its own
    small process: a child forked straight from this Python process would report this process's
    own peak as well (Linux carries the parent's high-water mark through fork and exec into
    ru_maxrss). Without GNU time, Python workers still report their own VmHWM.
    """
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as fr:
        full = [GNU_TIME, "-f", "%M", "-o", fr.name] + cmd if os.access(GNU_TIME, os.X_OK) else cmd
        rc = subprocess.call(full, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL)
        fo.seek(0)
        fe.seek(0)
        peak = None
        if full is not cmd:
            lines = [l for l in fr.read().split("\n") if l.strip()]
            if lines and lines[-1].strip().isdigit():
                peak = int(lines[-1])
            if lines and lines[0].startswith("Command exited with non-zero status"):
                rc = rc or 1
        return rc, fo.read().decode(errors="replace"), fe.read().decode(errors="replace"), peak


class Failed(Exception):
    pass


def python_worker_cmd(runtime, model, threads, warmup, runs, baseline=False):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", runtime, "--model", model or "",
           "--threads-one", str(threads), "--warmup", str(warmup), "--worker-runs", str(runs)]
    return cmd + (["--baseline"] if baseline else [])


def measure_python(runtime, model, threads, warmup, runs):
    rc, so, se, maxrss = run_measured(python_worker_cmd(runtime, model, threads, warmup, runs))
    if rc != 0:
        raise Failed(f"{runtime} worker failed ({rc}): {se.strip()[-2000:]}")
    r = json.loads(so.strip().splitlines()[-1])
    r["process_peak_rss_kb"] = maxrss if maxrss is not None else r["peak_rss_kb"]
    if runtime == "xnnpack":
        r["xnnpack_log"] = "XNNPACK delegate" in se
    return r


def measure_octet(octet, model, threads, warmup, runs, workdir):
    js = os.path.join(workdir, "octet_bench.json")
    # Cold: a fresh process, no warm-up, one run -> load + first result.
    cold_cmd = [octet, "bench", model, "--threads", str(threads), "--warmup", "0", "--runs", "1", "--json", js]
    rc, so, se, _ = run_measured(cold_cmd)
    if rc != 0:
        raise Failed(f"octet failed ({rc}): {' '.join(cold_cmd)}\n{se.strip()[-2000:]}")
    with open(js) as f:
        cold = json.load(f)
    cmd = [octet, "bench", model, "--threads", str(threads), "--warmup", str(warmup), "--runs", str(runs),
           "--json", js]
    rc, so, se, maxrss = run_measured(cmd)
    if rc != 0:
        raise Failed(f"octet failed ({rc}): {' '.join(cmd)}\n{se.strip()[-2000:]}")
    with open(js) as f:
        r = json.load(f)
    r.update(runtime="octet", peak_rss_kb=maxrss, process_peak_rss_kb=maxrss, first_ms=cold["median_ms"],
             load_to_first_ms=cold["load_ms"] + cold["median_ms"], cold_load_ms=cold["load_ms"])
    return r


def prepare_models(models, octet, runtimes, workdir, check_images):
    """Per model: the file each runtime runs (None when the runtime cannot run it)."""
    sys.path.insert(0, HERE)
    import tflite_to_onnx
    prepared = []
    for m in models:
        entry = {"name": m, "files": {}}
        if m.endswith(".tflite"):
            if not os.path.exists(m):
                raise SystemExit(f"model not found: {m}")
            base = os.path.splitext(os.path.basename(m))[0]
            entry["name"] = base
            entry["files"]["xnnpack"] = entry["files"]["builtin"] = m
            if "ort" in runtimes:
                onnx_path = os.path.join(workdir, base + ".onnx")
                tflite_to_onnx.convert(m, onnx_path)
                entry["files"]["ort"] = onnx_path
                if check_images:
                    print(f"[check] {base}: ONNX vs TFLite on {check_images}")
                    if not tflite_to_onnx.check(m, onnx_path, check_images):
                        raise SystemExit("the converted ONNX model disagrees with TFLite")
            if "octet" in runtimes:
                octet_path = os.path.join(workdir, base + ".octet")
                rc, so, se, _ = run_measured([octet, "convert", m, "-o", octet_path])
                if rc != 0:
                    raise SystemExit(f"octet convert failed: {se}")
                entry["files"]["octet"] = octet_path
        elif m.endswith(".octet"):
            entry["name"] = os.path.splitext(os.path.basename(m))[0]
            entry["files"]["octet"] = m
        else:  # a built-in octet model name
            entry["files"]["octet"] = m
        prepared.append(entry)
    return prepared


def median(values):
    values = [v for v in values if v is not None]
    return float(np.median(values)) if values else None


def aggregate(rounds):
    """Round results of one runtime -> one row: medians over the rounds."""
    if not rounds:
        return None
    row = {k: median([r.get(k) for r in rounds]) for k in
           ("median_ms", "p10_ms", "p90_ms", "mean_ms", "load_to_first_ms")}
    peaks = [r["process_peak_rss_kb"] for r in rounds if r.get("process_peak_rss_kb")]
    row["peak_rss_mb"] = median(peaks) / 1024.0 if peaks else None
    row["round_medians_ms"] = [r["median_ms"] for r in rounds]
    row["rounds"] = len(rounds)
    last = rounds[-1]
    for k in ("arena_bytes", "isa", "version", "providers", "delegation", "xnnpack_log"):
        if k in last:
            row[k] = last[k]
    return row


def fmt(v, digits=2):
    if v is None:
        return "-"
    return f"{v:.{digits}f}"


def print_table(results, baselines):
    for res in results:
        print()
        print(f"== {res['model']}, threads {res['threads']} "
              f"(medians over {res['rounds']} rounds of {res['runs_per_round']} runs)")
        header = (f"{'runtime':<16}{'median':>9}{'p10':>9}{'p90':>9}{'load->1st':>11}{'peak RSS':>10}"
                  f"{'RSS-base':>10}{'arena':>9}{'octet/this':>12}")
        print(header)
        print(f"{'':<16}{'ms':>9}{'ms':>9}{'ms':>9}{'ms':>11}{'MB':>10}{'MB':>10}{'KiB':>9}{'':>12}")
        octet_row = res["rows"].get("octet")
        for rt in RUNTIMES:
            row = res["rows"].get(rt)
            if row is None:
                if rt in res.get("errors", {}):
                    print(f"{LABELS[rt]:<16}  failed: {res['errors'][rt].splitlines()[0][:90]}")
                continue
            base = baselines.get(rt)
            over = row["peak_rss_mb"] - base / 1024.0 if base and row["peak_rss_mb"] else None
            arena = row.get("arena_bytes")
            ratio = row.get("octet_ratio")
            print(f"{LABELS[rt]:<16}{fmt(row['median_ms'], 3):>9}{fmt(row['p10_ms'], 3):>9}"
                  f"{fmt(row['p90_ms'], 3):>9}{fmt(row['load_to_first_ms']):>11}{fmt(row['peak_rss_mb'], 1):>10}"
                  f"{fmt(over, 1):>10}{(fmt(arena / 1024.0, 0) if arena else '-'):>9}"
                  f"{(fmt(ratio) + 'x' if ratio else '-'):>12}")
        if octet_row and res.get("fastest_peer"):
            f = res["fastest_peer"]
            print(f"octet vs the fastest peer ({LABELS[f['runtime']]}, {f['median_ms']:.3f} ms): "
                  f"{f['octet_ratio']:.2f}x the time "
                  f"({'octet faster' if f['octet_ratio'] < 1 else 'octet slower'})")
            if f.get("paired_ratios"):
                r = f["paired_ratios"]
                print(f"  paired per round: median {f['paired_ratio']:.2f}x over {len(r)} rounds "
                      f"(from {min(r):.2f}x to {max(r):.2f}x)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                 allow_abbrev=False)
    ap.add_argument("--models", nargs="+", default=DEFAULT_MODELS,
                    help="TFLite files (all runtimes), .octet files or built-in names (octet only)")
    ap.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--runs-per-round", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3, help="untimed runs per process before the timed ones")
    ap.add_argument("--octet", default=DEFAULT_OCTET, help="path of the octet tool")
    ap.add_argument("--runtimes", nargs="+", default=RUNTIMES, choices=RUNTIMES)
    ap.add_argument("--json", metavar="FILE", help="write all figures as JSON")
    ap.add_argument("--workdir", help="where converted models go (default: a temporary folder)")
    ap.add_argument("--check-images", metavar="DIR", default=os.path.join(SHARED_MODELS, "images"),
                    help="photos to check the ONNX conversion against TFLite on ('' to skip)")
    # Worker mode (internal).
    ap.add_argument("--worker", choices=["ort", "xnnpack", "builtin"], help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--threads-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--worker-runs", dest="runs", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        args.runtime, args.threads = args.worker, args.threads_one
        return worker(args)

    runtimes = [rt for rt in RUNTIMES if rt in args.runtimes]
    if "octet" in runtimes and not os.access(args.octet, os.X_OK):
        raise SystemExit(f"octet tool not found at {args.octet} (build it or pass --octet PATH)")
    tmp = None
    workdir = args.workdir
    if not workdir:
        tmp = tempfile.TemporaryDirectory(prefix="octet-compare-")
        workdir = tmp.name
    os.makedirs(workdir, exist_ok=True)

    env = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
           "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
                       platform.processor()),
           "loadavg_start": os.getloadavg()}
    if "ort" in runtimes:
        import onnxruntime as ort
        env["onnxruntime"] = ort.__version__
        env["onnxruntime_providers"] = ort.get_available_providers()
        print(f"ONNX Runtime {ort.__version__}, available providers: {', '.join(ort.get_available_providers())}")
    if "xnnpack" in runtimes or "builtin" in runtimes:
        import importlib.metadata
        env["ai_edge_litert"] = importlib.metadata.version("ai-edge-litert")
        print(f"ai-edge-litert {env['ai_edge_litert']}")
    if "octet" in runtimes:
        env["octet"] = os.path.abspath(args.octet)
        rc, so, _, _ = run_measured([args.octet, "cpu"])
        env["octet_cpu"] = so.strip()
        try:  # the source tree this script sits in (the binary may come from elsewhere: --octet)
            head = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                                  text=True).stdout.strip()
            dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True).stdout.strip()
            env["repo_head"] = head + ("+local changes" if dirty else "")
        except OSError:
            pass
        print(f"octet: {env['octet']}  ({so.strip().splitlines()[-1] if so.strip() else '?'})")

    models = prepare_models(args.models, args.octet, runtimes, workdir, args.check_images or None)

    # Baseline RSS: the same process doing nothing but start (and import the runtime).
    baselines = {}
    for rt in runtimes:
        if rt == "octet":
            rc, _, _, kb = run_measured([args.octet, "--help"])
        else:
            rc, _, _, kb = run_measured(python_worker_cmd(rt, None, 1, 0, 1, baseline=True))
        baselines[rt] = kb if rc == 0 else None

    configs = [(m, t) for m in models for t in args.threads]
    per = {(m["name"], t): {rt: [] for rt in runtimes} for m, t in configs}
    errors = {(m["name"], t): {} for m, t in configs}
    started = time.time()
    env["loadavg_rounds"] = []
    for r in range(args.rounds):
        env["loadavg_rounds"].append(os.getloadavg()[0])
        for m, t in configs:
            for rt in runtimes:
                path = m["files"].get(rt)
                if path is None or rt in errors[(m["name"], t)]:
                    continue
                try:
                    if rt == "octet":
                        res = measure_octet(args.octet, path, t, args.warmup, args.runs_per_round, workdir)
                    else:
                        res = measure_python(rt, path, t, args.warmup, args.runs_per_round)
                except Failed as e:
                    errors[(m["name"], t)][rt] = str(e)
                    print(f"  {rt} on {m['name']} failed: {e}", file=sys.stderr)
                    continue
                per[(m["name"], t)][rt].append(res)
        print(f"round {r + 1}/{args.rounds} done ({time.time() - started:.0f} s)", file=sys.stderr)

    results = []
    for m, t in configs:
        key = (m["name"], t)
        rows = {rt: aggregate(v) for rt, v in per[key].items() if v}
        octet = rows.get("octet")
        fastest = None
        for rt, row in rows.items():
            if rt != "octet" and octet:
                row["octet_ratio"] = octet["median_ms"] / row["median_ms"]
                # Paired: octet's median over this runtime's in the same round (processes run back to
                # back), so a slow phase of the machine that spans a round cancels out of each ratio.
                pairs = [o["median_ms"] / p["median_ms"] for o, p in zip(per[key]["octet"], per[key][rt])
                         if p.get("median_ms")]
                row["paired_ratios"] = pairs
                row["paired_ratio"] = median(pairs)
                if fastest is None or row["median_ms"] < fastest["median_ms"]:
                    fastest = {"runtime": rt, "median_ms": row["median_ms"], "octet_ratio": row["octet_ratio"],
                               "paired_ratio": row["paired_ratio"], "paired_ratios": pairs}
        if octet:
            octet["octet_ratio"] = 1.0
        results.append({"model": m["name"], "threads": t, "rounds": args.rounds,
                        "runs_per_round": args.runs_per_round, "warmup": args.warmup, "rows": rows,
                        "fastest_peer": fastest, "errors": errors[key]})

    # What the peers really ran.
    print()
    for res in results:
        for rt in ("ort", "xnnpack", "builtin"):
            row = res["rows"].get(rt)
            if not row:
                continue
            if rt == "ort":
                print(f"[{res['model']} t{res['threads']}] ONNX Runtime {row['version']} providers "
                      f"{row['providers']}")
            else:
                d = row["delegation"]
                left = ", ".join(sorted(set(d["not_delegated"]))) if d["not_delegated"] else "none"
                print(f"[{res['model']} t{res['threads']}] {LABELS[rt]}: {d['partitions']} delegate partition(s), "
                      f"{d['delegated_ops']}/{d['ops']} ops delegated; left to TFLite kernels: {left}")
                if rt == "xnnpack" and d["partitions"] == 0:
                    print("  WARNING: XNNPACK was not applied", file=sys.stderr)
                if rt == "builtin" and d["partitions"] != 0:
                    print("  WARNING: a delegate was applied to the builtin-kernel interpreter", file=sys.stderr)
    env["loadavg_end"] = os.getloadavg()
    print(f"\n{env['cpus']} CPUs; 1-min load average at the start of each round: "
          + " ".join(f"{v:.1f}" for v in env["loadavg_rounds"]) + f", at the end {env['loadavg_end'][0]:.1f}"
          + (" (a load above the CPU count makes every figure noisy, 2-thread ones most)"
             if max(env["loadavg_rounds"] + [env["loadavg_end"][0]]) > (env["cpus"] or 1) else ""))
    print_table(results, baselines)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"environment": env, "baseline_rss_kb": baselines, "results": results}, f, indent=2)
        print(f"\nwrote {args.json}")
    if tmp:
        tmp.cleanup()
    return 1 if any(res["errors"] for res in results) else 0


if __name__ == "__main__":
    sys.exit(main())
