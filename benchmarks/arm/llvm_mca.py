#!/usr/bin/env python3
"""Static throughput of the Arm GEMM inner loops with llvm-mca.

For each Arm GEMM microkernel (kernels/gemm/qs8-gemm-*-{neon,neondot,i8mm,aarch32-neon}.cc) this:
  1. compiles the file to assembly with the cross compiler and the build's flags (-O3, the ISA's
     -march, -fno-schedule-insns as kernels/gemm/CMakeLists.txt adds for GCC);
  2. cuts out the inner loop: among the innermost backward-branch loops without calls, the one holding
     the most multiply-accumulate instructions (the main k loop; where int8 and uint8 models have
     separate loops, the int8 one, without the activation EOR; then the shortest);
  3. runs llvm-mca on it for each core and prints cycles per iteration and MACs per cycle;
  4. compares with that core's peak for the same instruction mix: llvm-mca on a loop of 24
     independent copies of the kernel's MAC instruction(s) (SDOT by element, SMMLA, SMULL+SADALP).
The peak is therefore the LLVM scheduling model's own throughput for that instruction. LLVM's models
for Cortex-A55, Cortex-A510, Neoverse N2/V1/V2 and others follow Arm's Software Optimization Guides
(per-instruction latency and pipelines); a core without its own model in this LLVM borrows another
core's (the "model" column names the resource set llvm-mca used).

Usage: benchmarks/arm/llvm_mca.py [--llvm-mca llvm-mca-16] [--cpus cortex-a55,cortex-a76,...]
                                  [--kernel NAME] [--show-loop]
Needs: g++-aarch64-linux-gnu, g++-arm-linux-gnueabihf, llvm (Debian's llvm-16 knows the most cores).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

A64_CPUS = ["cortex-a55", "cortex-a510", "cortex-a76", "neoverse-n1", "cortex-x1", "neoverse-v1", "cortex-a710",
            "neoverse-n2", "cortex-x2", "neoverse-v2"]
# armv7 (32-bit) code: LLVM has scheduling models for these in 32-bit mode (Cortex-A9's model also
# serves A12/A15/A17 and Krait, Cortex-A57's A72); not for Cortex-A53/A55/A7x running 32-bit code.
# Apple's Swift (A6, armv7s) is left out: 32-bit iOS apps no longer run, Android never ran on it.
A32_CPUS = ["cortex-a9", "cortex-a15", "cortex-a17", "krait", "cortex-a57", "cortex-a72"]

# name, source, target, compiler flags, {MAC instruction regex: MACs per instruction}, peak stream, cpus
KERNELS = [
    dict(name="qs8_gemm_2x8c8__neon_mull", src="qs8-gemm-2x8c8-neon.cc", triple="aarch64-linux-gnu", flags=[],
         macs={r"smull2?\s": 8}, peak="smull_sadalp", min_arch="armv8-a", cores="out-of-order"),
    dict(name="qs8_gemm_2x8c8__neon_mull_a55", src="qs8-gemm-2x8c8-neon-a55.cc", triple="aarch64-linux-gnu", flags=[],
         macs={r"smull2?\s": 8}, peak="smull_sadalp", min_arch="armv8-a", cores="in-order"),
    dict(name="qs8_gemm_4x16c4__neondot", src="qs8-gemm-4x16c4-neondot.cc", triple="aarch64-linux-gnu",
         flags=["-march=armv8.2-a+dotprod"], macs={r"sdot\s": 16}, peak="sdot", min_arch="dotprod",
         cores="out-of-order"),
    dict(name="qs8_gemm_4x16c4__neondot_a55", src="qs8-gemm-4x16c4-neondot-a55.cc", triple="aarch64-linux-gnu",
         flags=["-march=armv8.2-a+dotprod"], macs={r"sdot\s": 16}, peak="sdot", min_arch="dotprod",
         cores="in-order"),
    dict(name="qs8_gemm_4x16c8__i8mm", src="qs8-gemm-4x16c8-i8mm.cc", triple="aarch64-linux-gnu",
         flags=["-march=armv8.2-a+dotprod+i8mm"], macs={r"smmla\s": 32}, peak="smmla", min_arch="i8mm",
         cores="out-of-order"),
    dict(name="qs8_gemm_4x16c8__i8mm_a510", src="qs8-gemm-4x16c8-i8mm-a510.cc", triple="aarch64-linux-gnu",
         flags=["-march=armv8.2-a+dotprod+i8mm"], macs={r"smmla\s": 32}, peak="smmla", min_arch="i8mm",
         cores="in-order"),
    dict(name="qs8_gemm_2x4c8__aarch32_neon_mull", src="qs8-gemm-2x4c8-aarch32-neon.cc",
         triple="arm-linux-gnueabihf", flags=["-mfpu=neon", "-mfloat-abi=hard"], macs={r"vmull\.s8\s": 8},
         peak="vmull_vpadal", min_arch="armv7"),
]

# Kernels with a `cores` key run only on that kind of core: the `_a55`/`_a510` variants are the main kernels
# when most cores are in-order (PreferInOrderArmKernels in kernels/dispatch/isa.h), their twins on
# the others, so each is measured where it runs.
IN_ORDER = {"cortex-a55", "cortex-a510"}

# Which cores implement which extension (llvm-mca would model the instruction either way).
HAS = {
    "dotprod": {"cortex-a55", "cortex-a510", "cortex-a76", "neoverse-n1", "cortex-x1", "neoverse-v1", "cortex-a710",
                "neoverse-n2", "cortex-x2", "neoverse-v2"},
    "i8mm": {"cortex-a510", "neoverse-v1", "cortex-a710", "neoverse-n2", "cortex-x2", "neoverse-v2"},
}


def peak_loop(kind):
    lines = []
    for i in range(24):
        acc, src = i % 24 + 8, (i % 2)
        if kind == "sdot":
            lines.append(f"sdot v{acc}.4s, v{src}.16b, v{src + 2}.4b[{i % 4}]")
        elif kind == "smmla":
            lines.append(f"smmla v{acc}.4s, v{src}.16b, v{src + 2}.16b")
        elif kind == "smull_sadalp":
            # Product registers rotate through 4; each SADALP adds the product of the SMULL three before
            # it, so an in-order core (Cortex-A55's model) does not wait on the SMULL latency.
            lines.append(f"smull v{4 + i % 4}.8h, v{src}.8b, v{src + 2}.8b")
            lines.append(f"sadalp v{acc}.4s, v{4 + (i - 3) % 4}.8h")
        elif kind == "vmull_vpadal":
            # Each VPADAL adds the product of the VMULL three before it, so an in-order NEON pipe
            # (Cortex-A9's model) does not wait on the VMULL latency.
            lines.append(f"vmull.s8 q{4 + i % 4}, d{src}, d{src + 2}")
            lines.append(f"vpadal.s16 q{8 + i % 8}, q{4 + (i - 3) % 4}")
    return "\n".join(lines) + "\n"


def compile_asm(kernel, out_dir):
    cxx = kernel["triple"] + "-g++"
    if not shutil.which(cxx):
        sys.exit(f"llvm_mca.py: {cxx} not found (tools/scripts/install-deps.sh arm)")
    out = os.path.join(out_dir, kernel["src"] + ".s")
    cmd = [cxx, "-O3", "-DNDEBUG", "-std=c++17", "-I", ROOT, *kernel["flags"], "-fno-schedule-insns", "-S",
           os.path.join(ROOT, "kernels", "gemm", kernel["src"]), "-o", out]
    subprocess.run(cmd, check=True)
    return open(out).read().splitlines()


BRANCH = re.compile(r"^\s*(b\.\w+|b|bne|bhi|bcc|bcs|bgt|bge|blt|ble|bls|beq|cbnz|cbz|tbnz|tbz)\s+(?:.*,\s*)?(\.L\w+)\s*$")


def inner_loop(lines, macs):
    labels = {}
    for i, line in enumerate(lines):
        m = re.match(r"^(\.L\w+):", line)
        if m:
            labels[m.group(1)] = i
    loops = []
    for i, line in enumerate(lines):
        m = BRANCH.match(line)
        if not m or m.group(2) not in labels or labels[m.group(2)] >= i:
            continue
        start = labels[m.group(2)]
        body = [l for l in lines[start + 1:i + 1] if l.strip() and not l.strip().startswith(".")]
        if any(re.match(r"\s*bl?x?\s+(memcpy|memset|\w+@plt)", l) or re.match(r"\s*bl\s", l) for l in body):
            continue
        n = sum(count for l in body for pat, count in macs.items() if re.match(r"\s*" + pat, l))
        if n == 0:
            continue
        int8 = not any(re.match(r"\s*eor\s", l) for l in body)
        loops.append(((n, int8, -len(body)), start, i, body))
    # Innermost loops only: an outer loop around the k loop (taps, rows) also holds its MACs.
    inner = [c for c in loops if not any(d is not c and c[1] <= d[1] and d[2] <= c[2] for d in loops)]
    best = max(inner, key=lambda c: c[0]) if inner else None
    if best is None:
        sys.exit("llvm_mca.py: no multiply-accumulate loop found")
    best = (best[0], best[3])
    # Labels inside the loop (alignment, local targets) are dropped: llvm-mca simulates straight-line
    # code, one iteration after the other.
    body = [l for l in best[1] if not re.match(r"^\.L\w+:", l)]
    return body, best[0][0]


def run_mca(mca, triple, cpu, text, iterations=300):
    arch = "aarch64" if triple.startswith("aarch64") else "armv7a"
    attrs = [] if arch == "aarch64" else ["-mattr=+neon"]  # LLVM's Cortex-A9 and others: NEON optional
    res = subprocess.run([mca, f"-mtriple={arch}", f"-mcpu={cpu}", *attrs, f"-iterations={iterations}", "-resource-pressure"],
                         input=text, capture_output=True, text=True)
    if res.returncode != 0:
        return None, None, res.stderr.strip().splitlines()[-1] if res.stderr else "failed"
    total = int(re.search(r"Total Cycles:\s+(\d+)", res.stdout).group(1))
    m = re.search(r"Resources:\n((?:\[\S+\]\s+-\s+\S+\n)+)", res.stdout)
    model = ""
    if m:
        names = re.findall(r"-\s+(\S+)", m.group(1))
        model = os.path.commonprefix(names).rstrip("_") or names[0]
    return total / iterations, model, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llvm-mca", default=None)
    ap.add_argument("--cpus", default=None, help="comma-separated -mcpu list (aarch64 kernels)")
    ap.add_argument("--kernel", default=None)
    ap.add_argument("--show-loop", action="store_true")
    args = ap.parse_args()
    mca = args.llvm_mca or next((c for c in ["llvm-mca-19", "llvm-mca-18", "llvm-mca-17", "llvm-mca-16", "llvm-mca-15",
                                             "llvm-mca"] if shutil.which(c)), None)
    if not mca:
        sys.exit("llvm_mca.py: llvm-mca not found (apt-get install llvm-16)")
    version = subprocess.run([mca, "--version"], capture_output=True, text=True).stdout
    print(f"# {mca}: {re.search(r'version ([0-9.]+)', version).group(1)}")
    print(f"# {'kernel':36} {'cpu':12} {'model':10} {'cyc/iter':>9} {'MACs/iter':>9} {'MACs/cyc':>8} "
          f"{'peak':>6} {'% peak':>7}")
    worst = 100.0
    with tempfile.TemporaryDirectory() as tmp:
        for kernel in KERNELS:
            if args.kernel and args.kernel not in kernel["name"]:
                continue
            lines = compile_asm(kernel, tmp)
            body, macs_instr = inner_loop(lines, kernel["macs"])
            macs = sum(count * sum(1 for l in body if re.match(r"\s*" + pat, l)) for pat, count in kernel["macs"].items())
            text = "\n".join(body) + "\n"
            if args.show_loop:
                print(f"## {kernel['name']} inner loop ({len(body)} instructions)\n{text}")
            cpus = A32_CPUS if kernel["triple"].startswith("arm-") else (args.cpus.split(",") if args.cpus else A64_CPUS)
            per_instr = list(kernel["macs"].values())[0]
            for cpu in cpus:
                if kernel["min_arch"] in HAS and cpu not in HAS[kernel["min_arch"]]:
                    continue
                if "cores" in kernel and (cpu in IN_ORDER) != (kernel["cores"] == "in-order"):
                    continue
                cycles, model, err = run_mca(mca, kernel["triple"], cpu, text)
                if err:
                    print(f"  {kernel['name']:36} {cpu:12} llvm-mca: {err}")
                    continue
                peak_cycles, _, _ = run_mca(mca, kernel["triple"], cpu, peak_loop(kernel["peak"]))
                peak = 24 * per_instr / peak_cycles
                rate = macs / cycles
                pct = 100.0 * rate / peak
                worst = min(worst, pct)
                print(f"  {kernel['name']:36} {cpu:12} {model[:10]:10} {cycles:9.2f} {macs:9d} {rate:8.2f} {peak:6.1f} "
                      f"{pct:6.1f}%")
    print(f"# lowest: {worst:.1f}% of the modelled peak (target >= 85%)")


if __name__ == "__main__":
    main()
