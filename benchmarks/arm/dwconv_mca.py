#!/usr/bin/env python3
"""Static throughput of the Arm depthwise kernels' loops with llvm-mca (sibling of llvm_mca.py).

For each Arm depthwise kernel (kernels/dwconv/qs8-dwconv-16c-{neon,neondot}.cc, aarch64 and armv7):
  1. compiles the file to assembly with the cross compiler at -O3 and the ISA's flags;
  2. traces one iteration of the kernel's loop through the assembly: from a label, following
     unconditional branches, taking conditional branches as not taken (the common path: no left
     shift, full 16-channel blocks) until control returns to the label. The 9p/25p kernels' loop is
     the 16-channel block (all taps unrolled + requantization + store: what one output pixel costs per
     16 channels); the any-tap kernels' loop is the tap loop (no epilogue);
  3. runs llvm-mca on that trace per core: cycles per iteration -> MACs per cycle;
  4. compares with the core's peak for the kernel's MAC instruction: llvm-mca on 24 independent copies
     (SMLAL 4 MACs, SDOT 16 MACs, VMLAL.S16 4 MACs), i.e. the scheduling model's own throughput;
  5. counts the loop's load bytes per MAC, the L1 traffic that decides whether the loop is load-bound.

Usage: benchmarks/arm/dwconv_mca.py [--llvm-mca llvm-mca-16] [--cpus cortex-a55,cortex-a76,neoverse-n1]
                                    [--show-loop NAME]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

A64 = dict(cxx="aarch64-linux-gnu-g++", triple="aarch64", flags=[])
A64DOT = dict(cxx="aarch64-linux-gnu-g++", triple="aarch64", flags=["-march=armv8.2-a+dotprod"])
# LLVM has no AArch32 scheduling model for the A55/A76/N1: the armv7 row uses Cortex-A9 and A57 (AArch32).
A32 = dict(cxx="arm-linux-gnueabihf-g++", triple="armv7a", flags=["-mfpu=neon", "-mfloat-abi=hard", "-march=armv7-a"],
           cpus=["cortex-a9", "cortex-a57"])

# symbol substring, source, target, MAC regex -> MACs per instruction, peak instruction, taps (None: tap loop)
KERNELS = [
    ("qs8_dwconv_9p16c__neon", "qs8-dwconv-16c-neon.cc", A64, {r"smlal2?\s": 4}, "smlal", 9),
    ("qu8_dwconv_25p16c__neon", "qs8-dwconv-16c-neon.cc", A64, {r"smlal2?\s": 4}, "smlal", 25),
    ("qs8_dwconv_anyp16c__neon", "qs8-dwconv-16c-neon.cc", A64, {r"smlal2?\s": 4}, "smlal", None),
    ("qs8_dwconv_9p16c__neondot", "qs8-dwconv-16c-neondot.cc", A64DOT, {r"sdot\s": 16}, "sdot", 9),
    ("qs8_dwconv_25p16c__neondot", "qs8-dwconv-16c-neondot.cc", A64DOT, {r"sdot\s": 16}, "sdot", 25),
    ("qu8_dwconv_9p16c__neondot", "qs8-dwconv-16c-neondot.cc", A64DOT, {r"udot\s": 16}, "sdot", 9),
    ("qs8_dwconv_anyp16c__neondot", "qs8-dwconv-16c-neondot.cc", A64DOT, {r"sdot\s": 16}, "sdot", None),
    ("qs8_dwconv_9p16c__neon(armv7)", "qs8-dwconv-16c-neon.cc", A32, {r"vmlal\.s16\s": 4}, "vmlal", 9),
]

PEAK_ASM = {
    "smlal": ("aarch64", "\n".join(f"smlal v{i}.4s, v30.4h, v31.4h" for i in range(24)), 4),
    "sdot": ("aarch64", "\n".join(f"sdot v{i}.4s, v30.16b, v31.16b" for i in range(24)), 16),
    "vmlal": ("armv7a", "\n".join(f"vmlal.s16 q{i % 12}, d28, d29" for i in range(24)), 4),
}

BRANCH_COND = re.compile(r"^(b\.\w+|b(eq|ne|cs|cc|hs|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)|cbn?z|tbn?z)\s")


def compile_asm(src, target):
    out = tempfile.NamedTemporaryFile(suffix=".s", delete=False).name
    cmd = [target["cxx"], "-O3", "-std=c++17", "-I", ROOT, "-S", os.path.join(ROOT, "kernels/dwconv", src), "-o", out]
    subprocess.run(cmd + target["flags"], check=True)
    return open(out).read()


def function_lines(asm, symbol):
    lines = asm.splitlines()
    start = next(i for i, l in enumerate(lines) if re.match(r"^_Z\w*" + re.escape(symbol) + r"\w*:", l))
    body = []
    for l in lines[start + 1:]:
        if re.match(r"^_Z\w*:", l) or ".size" in l and symbol in l:
            break
        body.append(l.split("//")[0].split("@")[0].rstrip())
    return body


def trace(body, labels, head, limit=3000):
    """Instructions of one iteration from `head`, or None when control does not return to it."""
    i = labels[head] + 1
    out = []
    while len(out) < limit and i < len(body):
        line = body[i].strip()
        if not line or line.startswith("."):
            m = re.match(r"^(\.L\w+):", line)
            if m and m.group(1) == head:
                return out
            i += 1
            continue
        op = line.split()[0]
        target = line.split()[-1]
        if op in ("ret", "bx") or op == "bl" or op == "blx":
            return None
        if op == "b" and target in labels:
            if target == head:
                return out
            i = labels[target] + 1
            continue
        if BRANCH_COND.match(line + " "):
            if target == head:
                return out  # the loop's backward branch
            i += 1
            continue
        out.append(line)
        i += 1
    return None


def count(regexes, instrs):
    return sum(n for r, n in regexes.items() for ins in instrs if re.match(r, ins))


def load_bytes(instrs, triple):
    total = 0
    for ins in instrs:
        op = ins.split()[0]
        if triple == "aarch64":
            if op in ("ldr", "ldur", "ldp"):
                regs = re.findall(r"\b([qdsxw])\d+\b", ins.split("[")[0])
                size = {"q": 16, "d": 8, "s": 4, "x": 8, "w": 4}
                total += sum(size[r] for r in regs)
            elif op.startswith("ldrs") or op in ("ldrb", "ldrh"):
                total += 2
            elif op.startswith("ld1"):
                total += 16 * len(re.findall(r"v\d+\.", ins.split("[")[0]))
        else:
            if op.startswith("vld1"):
                total += 8 * len(re.findall(r"\bd\d+\b", ins))
            elif op.startswith("vldr"):
                total += 8
            elif op.startswith("ldr"):
                total += 4
    return total


def mca(llvm_mca, triple, cpu, instrs, iterations=200):
    text = "\n".join(instrs) + "\n"
    res = subprocess.run([llvm_mca, f"-mtriple={triple}", f"-mcpu={cpu}", f"-iterations={iterations}"],
                         input=text, capture_output=True, text=True)
    if res.returncode != 0:
        return None
    m = re.search(r"Total Cycles:\s+(\d+)", res.stdout)
    return int(m.group(1)) / iterations if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--llvm-mca", default=next((t for t in ("llvm-mca-16", "llvm-mca-15", "llvm-mca") if shutil.which(t)),
                                                "llvm-mca"))
    ap.add_argument("--cpus", default="cortex-a55,cortex-a76,neoverse-n1")
    ap.add_argument("--show-loop", default=None)
    args = ap.parse_args()
    cpus = args.cpus.split(",")
    asm_cache = {}
    print(f"llvm-mca: {args.llvm_mca}; MAC/c = int8 MACs per cycle of one loop iteration; peak = the same MAC "
          "instruction back to back; B/MAC = loaded bytes per MAC")
    for cpu in cpus:
        res = subprocess.run([args.llvm_mca, "-mtriple=aarch64", f"-mcpu={cpu}"], input="add x0, x0, x1\n",
                             capture_output=True, text=True)
        unit = re.search(r"\]\s+- (\w+?)Unit", res.stdout)
        print(f"  {cpu}: scheduling model {unit.group(1) if unit else '?'}")
    print(f"{'kernel':34} {'loop':>10} {'ins':>4} {'MACs':>5} {'B/MAC':>6} " +
          " ".join(f"{c + ' MAC/c (peak)':>26}" for c in cpus))
    for name, src, target, macs, peak, taps in KERNELS:
        symbol = name.split("(")[0]
        key = (src, target["cxx"], tuple(target["flags"]))
        if key not in asm_cache:
            asm_cache[key] = compile_asm(src, target)
        body = function_lines(asm_cache[key], symbol)
        labels = {m.group(1): i for i, l in enumerate(body) for m in [re.match(r"^(\.L\w+):", l.strip())] if m}
        loops = []
        for head in labels:
            t = trace(body, labels, head)
            if t and count(macs, t) > 0:
                loops.append((count(macs, t), len(t), head, t))
        if not loops:
            print(f"{name:34} (no loop found)")
            continue
        # Block loop of the fixed-tap kernels: the most MACs; tap loop of any-tap: the fewest instructions.
        loops.sort(key=(lambda x: (-x[0], x[1])) if taps else (lambda x: (x[1], -x[0])))
        n_macs, n_ins, head, instrs = loops[0]
        # Useful MACs: 16 channels x taps for a whole block (dot kernels also count padded quad slots
        # and, for qu8, the UDOT by ones that sums x); a tap loop iteration does 16 x (1 or 4) MACs.
        kind = "block" if taps and n_macs >= 16 * taps else "tap"
        if kind == "block":
            n_macs = 16 * taps
        elif "dot" in name:
            n_macs = 64
        else:
            n_macs = 16
        bpm = load_bytes(instrs, target["triple"]) / n_macs
        cells = []
        for cpu in target.get("cpus", cpus):
            cyc = mca(args.llvm_mca, target["triple"], cpu, instrs)
            ptri, pasm, pmacs = PEAK_ASM[peak]
            pcyc = mca(args.llvm_mca, ptri, cpu, pasm.splitlines())
            if cyc is None or pcyc is None:
                cells.append(f"{'n/a':>26}")
                continue
            rate, prate = n_macs / cyc, 24 * pmacs / pcyc
            tag = f"[{cpu}] " if "cpus" in target else ""
            cells.append(f"{tag}{rate:7.2f} ({prate:5.1f}) {100 * rate / prate:4.0f}%  ")
        print(f"{name:34} {kind + ' ' + head:>10} {n_ins:4d} {n_macs:5d} {bpm:6.2f} " + " ".join(cells))
        if args.show_loop and args.show_loop in name:
            print("\n".join("    " + i for i in instrs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
