#!/usr/bin/env python3
"""Independent derivation of expected values pasted into the kernel tests.

Written from ../../../../shared/spec/int8-arithmetic.md, not from the C++ code: Python integers never
overflow (wrapping is explicit), rounding is done on exact Fractions, float32 steps use numpy.float32.
Run it to print the tables; each test file says which table it pastes.
"""
import math
from fractions import Fraction

import numpy as np

INT32_MIN, INT32_MAX = -2**31, 2**31 - 1


def wrap32(v):
    v &= 0xFFFFFFFF
    return v - 2**32 if v >= 2**31 else v


def rhaz(q):  # round half away from zero of a Fraction
    r = math.floor(abs(q) + Fraction(1, 2))
    return r if q >= 0 else -r


def rhu(q):  # round half up of a Fraction
    return math.floor(q + Fraction(1, 2))


def srdhm(a, b):
    if a == b == INT32_MIN:
        return INT32_MAX
    return rhu(Fraction(a * b, 2**31))


def rdbpot(x, n):
    return rhaz(Fraction(x, 2**n))


def sat_shl(x, n):
    return max(INT32_MIN, min(INT32_MAX, x * 2**n))


def rounding_half_sum(a, b):
    s = a + b
    s += 1 if s >= 0 else -1
    return s // 2 if s >= 0 else -((-s) // 2)  # truncating division


def quantize_multiplier(real):
    """real is a Fraction or float; returns (M, e) with real ~ M * 2^(e-31)."""
    real = Fraction(real)
    if real == 0:
        return 0, 0
    e = 0
    f = real
    while f >= 1:
        f /= 2
        e += 1
    while f < Fraction(1, 2):
        f *= 2
        e -= 1
    m = rhaz(f * 2**31)
    if m == 2**31:
        m //= 2
        e += 1
    if e < -31:
        return 0, 0
    return m, e


def mbqm(x, m, e):
    ls, rs = max(e, 0), max(-e, 0)
    return rdbpot(srdhm(wrap32(x * 2**ls), m), rs)


# ---------------------------------------------------------------- softmax

def exp_quarter(a):
    x = wrap32(a + 2**28)
    x2 = srdhm(x, x)
    x3 = srdhm(x2, x)
    x4 = srdhm(x2, x2)
    p = rdbpot(wrap32(srdhm(wrap32(rdbpot(x4, 2) + x3), 715827883) + x2), 1)
    return wrap32(1895147668 + srdhm(1895147668, wrap32(x + p)))


def exp_neg(a, ibits):
    fbits = 31 - ibits
    quarter = 2**(fbits - 2)
    am = wrap32((a & (quarter - 1)) - quarter)
    y = exp_quarter(sat_shl(am, ibits))
    rem = wrap32(am - a)
    for k, c in [(-2, 1672461947), (-1, 1302514674), (0, 790015084), (1, 290630308), (2, 39332535),
                 (3, 720401), (4, 242)]:
        if ibits > k and (rem >> (fbits + k)) & 1:
            y = srdhm(y, c)
    if ibits > 5 and a < -2**(36 - ibits):
        y = 0
    if a == 0:
        y = INT32_MAX
    return y


def one_over_one_plus_x(a):
    d = rounding_half_sum(a, INT32_MAX)
    x = wrap32(1515870810 + srdhm(d, -1010580540))
    for _ in range(3):
        t = srdhm(d, x)
        o = wrap32(2**29 - t)
        x = wrap32(x + sat_shl(srdhm(x, o), 2))
    return sat_shl(x, 1)


def prepare_softmax(beta, s_in):
    real = min(Fraction(float(np.float32(beta))) * Fraction(float(np.float32(s_in))) * 2**26, Fraction(2**31 - 1))
    # TFLite forms this product in double; check the double product is exact here (it is for the
    # values used: 24-bit times 24-bit mantissas).
    assert Fraction(float(np.float32(beta)) * float(np.float32(s_in)) * 2**26) == real or real == 2**31 - 1
    m, l = quantize_multiplier(real)
    diff_min = -math.floor(Fraction(31 * 2**26, 2**l))
    return m, l, diff_min


def softmax_row(q, beta, s_in, type_min, type_max):
    m, l, diff_min = prepare_softmax(beta, s_in)
    mx = max(q)
    exps = []
    total = 0
    for v in q:
        d = v - mx
        if d >= diff_min:
            e = exp_neg(srdhm(wrap32(d * 2**l), m), 5)
            exps.append(e)
            total = wrap32(total + rdbpot(e, 12))
        else:
            exps.append(None)
    u32 = total & 0xFFFFFFFF
    h = 32 - u32.bit_length()
    nb = 12 - h
    u = wrap32(((u32 << h) & 0xFFFFFFFF) - 2**31)
    r = one_over_one_plus_x(u)
    sh = nb + 31 - 8
    out = []
    for e in exps:
        if e is None:
            out.append(type_min)
        else:
            out.append(max(type_min, min(type_max, rhaz(Fraction(srdhm(r, e), 2**sh)) + type_min)))
    return (m, l, diff_min), out


# ---------------------------------------------------------------- add

def prepare_add(s1, s2, so):
    s1, s2, so = (Fraction(float(np.float32(s))) for s in (s1, s2, so))
    # TFLite divides in double: round each quotient to double before QuantizeMultiplier.
    t = 2 * max(s1, s2)
    r1 = Fraction(float(s1 / t))
    r2 = Fraction(float(s2 / t))
    ro = Fraction(float(t / (2**20 * so)))
    return quantize_multiplier(r1), quantize_multiplier(r2), quantize_multiplier(ro)


def add(q1, q2, z1, z2, zo, prepared, qmin, qmax):
    (m1, e1), (m2, e2), (mo, eo) = prepared
    a = rdbpot(srdhm((q1 - z1) * 2**20, m1), -e1)
    b = rdbpot(srdhm((q2 - z2) * 2**20, m2), -e2)
    return max(qmin, min(qmax, rdbpot(srdhm(a + b, mo), -eo) + zo))


def main():
    print("== softmax (prepare: multiplier, left shift, diff_min; then outputs)")
    cases = [
        ("int8 s=0.1 beta=1 wide range", [127, 100, 64, 0, -1, -60, -128, 120], 1.0, 0.1, -128, 127),
        ("int8 s=0.05 beta=0.5", [10, 9, 8, 7, -20, 10, 3, -128], 0.5, 0.05, -128, 127),
        ("int8 s=1/16 beta=2", [-5, -3, 0, 2, 2, -128, 127, 126], 2.0, 1.0 / 16, -128, 127),
        ("uint8 s=0.2 beta=1", [0, 255, 250, 240, 128, 254, 253, 1], 1.0, 0.2, 0, 255),
        ("uint8 s=1/32 beta=1 (small range)", [100, 101, 102, 103, 104, 105, 106, 107], 1.0, 1.0 / 32, 0, 255),
        ("int8 equal row", [7, 7, 7, 7], 1.0, 0.1, -128, 127),
        ("int8 s=1 beta=1e6 (capped)", [5, 4, 5, 5], 1.0e6, 1.0, -128, 127),
        ("int8 s=1 beta=1 diff_min", [127, -128, 112, 113], 1.0, 1.0, -128, 127),
        ("uint8 s=0.0235 beta=1 ties", [200, 180, 160, 140, 120, 100, 80, 60, 40, 20], 1.0, 0.0235, 0, 255),
    ]
    for name, q, beta, s, tmin, tmax in cases:
        prep, out = softmax_row(q, beta, s, tmin, tmax)
        print(name, "prep", prep, "in", q, "out", out)
    print("== exp_neg Q5.26 samples and one_over_one_plus_x samples")
    for a in [0, -1, -2**24, -2**26, -3 * 2**26 // 2, -5 * 2**26, -31 * 2**26, -2**31 + 2**26]:
        print("exp_neg(%d, 5) = %d" % (a, exp_neg(a, 5)))
    for a in [0, 1, 2**30, 2**31 - 1, 123456789]:
        print("one_over_one_plus_x(%d) = %d" % (a, one_over_one_plus_x(a)))

    print("== add")
    for (s1, s2, so, z1, z2, zo, qmin, qmax) in [(0.0235, 0.0171, 0.0390, 3, -7, -2, -128, 127),
                                                 (0.1, 0.3, 0.25, 128, 100, 120, 0, 255)]:
        prep = prepare_add(s1, s2, so)
        print("scales", s1, s2, so, "zps", z1, z2, zo, "prepared", prep)
        rows = []
        rng = np.random.RandomState(7)
        pairs = [(qmin, qmin), (qmax, qmax), (qmin, qmax), (z1, z2)]
        pairs += [(int(a), int(b)) for a, b in zip(rng.randint(qmin, qmax + 1, 60), rng.randint(qmin, qmax + 1, 60))]
        for q1, q2 in pairs:
            v = add(q1, q2, z1, z2, zo, prep, qmin, qmax)
            # One exact rescale, for contrast: differs where the three roundings matter.
            exact = Fraction(float(np.float32(s1))) * (q1 - z1) + Fraction(float(np.float32(s2))) * (q2 - z2)
            single = max(qmin, min(qmax, rhaz(exact / Fraction(float(np.float32(so)))) + zo))
            rows.append((q1, q2, v, single))
        differing = [r for r in rows if r[2] != r[3]]
        print("rows (q1, q2, expected):", [(a, b, c) for a, b, c, _ in rows[:24]])
        print("single-rescale differs on:", [(a, b, c, d) for a, b, c, d in differing][:10])


if __name__ == "__main__":
    main()
