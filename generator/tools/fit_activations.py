#!/usr/bin/env python3
"""Derives the coefficients of the generated activations (GeneratedActivations).

Every fit is a discrete minimax fit by Lawson's algorithm (iteratively reweighted least squares) on a
dense grid in double precision; the coefficients are then rounded to float32 and the functions are
evaluated again with float32 arithmetic in the same operation order as the generated code (multiply-adds
fused, then split as on hardware without FMA), so the printed errors are those of the code, not of the
ideal approximations. The errors stated in the generated summaries come from a scan of every float.

    Sigmoid, Tanh: e^u ~ 1 + u + c2 u^2 + ... + c6 u^6 on |u| <= ln2/2 (relative error)
    Tanh:          tanh(x) ~ x + x z (s0 + s1 z + ... + s4 z^4) for |x| < 0.625, z = x^2 (relative error)
    FastTanh:      tanh(x) ~ x P(z) / Q(z), P of degree 3, Q of degree 4, on [0, CLAMP] (absolute error);
                   Q is made monic and factored into two quadratics in z
    FastSigmoid:   1/2 + tanh(x/2)/2 with the same fit, x/2 folded into the coefficients

Run: python3 generator/tools/fit_activations.py [CLAMP]   (needs numpy; CLAMP defaults to 7.75)
"""
import sys

import numpy as np

F = np.float32


def f32(a):
    return np.asarray(a, dtype=np.float64).astype(np.float32)


FUSED = True


def fma(a, b, c):
    """float32 multiply-add: fused (the float64 product of two floats is exact, so one rounding remains),
    or, where the hardware has no FMA and MultiplyAddEstimate splits it, a rounded product then a rounded sum."""
    if FUSED:
        return f32(np.float64(a) * np.float64(b) + np.float64(c))
    return f32(np.float64(f32(np.float64(a) * np.float64(b))) + np.float64(c))


def lawson(basis, target, weight, iterations=400):
    """Minimax fit of sum(c_k basis_k) to target, error scaled by weight (1/|target| for relative)."""
    a = basis * weight[:, None]
    b = target * weight
    w = np.ones(len(b)) / len(b)
    c = None
    for _ in range(iterations):
        sw = np.sqrt(w)
        c, *_ = np.linalg.lstsq(a * sw[:, None], b * sw, rcond=None)
        e = np.abs(a @ c - b)
        w = w * e
        w /= w.sum()
    return c


def fit_exp(degree):
    """1 + u + c2 u^2 + ... : the two leading terms are kept exact so e^0 = 1 and sigmoid(0) = 1/2 exactly."""
    u = np.linspace(-np.log(2) / 2, np.log(2) / 2, 20001)
    basis = np.stack([u ** k for k in range(2, degree + 1)], axis=1)
    c = lawson(basis, np.exp(u) - 1 - u, 1 / np.exp(u))
    return [1.0, 1.0] + list(c)


def fit_tanh_small(count, limit):
    """tanh(x) = x + x z S(z) on [2^-12, limit], relative error; S has `count` coefficients."""
    x = np.linspace(2.0 ** -12, limit, 20001)
    z = x * x
    basis = np.stack([x * z ** (k + 1) for k in range(count)], axis=1)
    return list(lawson(basis, np.tanh(x) - x, 1 / np.tanh(x)))


def fit_tanh_rational(m, n, clamp, rounds=12):
    """x P(z)/Q(z) with P of degree m and Q of degree n in z = x^2, Q(0) = 1, minimax absolute error on [0, clamp].

    Linearised: x P - tanh(x) Q ~ 0, each round weighted by 1/Q of the previous round (Loeb's iteration)
    and inside a round by Lawson's weights, so the result tends to the minimax rational.
    """
    x = np.concatenate([np.linspace(0, clamp, 30001), np.cos(np.linspace(0, np.pi / 2, 10001)) * clamp])
    x = np.unique(x)
    z = x * x
    t = np.tanh(x)
    q_prev = np.ones_like(x)
    for _ in range(rounds):
        basis = np.concatenate([np.stack([x * z ** k for k in range(m + 1)], axis=1),
                                np.stack([-t * z ** k for k in range(1, n + 1)], axis=1)], axis=1)
        c = lawson(basis, t, 1 / q_prev, iterations=120)
        p, q = c[: m + 1], np.concatenate([[1.0], c[m + 1:]])
        q_prev = np.polyval(q[::-1], z)
    return list(p), list(q)


# ---- float32 evaluation in the generated code's order ----

LOG2E = np.log2(np.e)
SHIFT = F(12582912.0)  # 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits


def estrin(c, v):
    """Estrin's scheme over float32 coefficients c (lowest first), as the generated code does it."""
    c = [F(k) for k in c]
    level = [fma(c[i + 1], v, c[i]) if i + 1 < len(c) else np.full_like(v, c[i]) for i in range(0, len(c), 2)]
    power = f32(v * v)
    while len(level) > 1:
        level = [fma(level[i + 1], power, level[i]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
        power = f32(power * power)
    return level[0]


def pow2(t):
    """2^n from the bits of t = n + SHIFT, as the generated code builds it."""
    bits = (t.view(np.int32) - np.int32(0x4B400000 - 127)) << np.int32(23)
    return bits.view(np.float32)


def exp_poly(c, r, sign):
    """e^(sign r) by Estrin's scheme over c_k (sign)^k."""
    return estrin([F(k * sign ** i) for i, k in enumerate(c)], r)


def exact_sigmoid(x, c):
    t = fma(x, F(-LOG2E), SHIFT)
    n = f32(np.float64(t) - np.float64(SHIFT))
    r = fma(n, F(np.log(2)), x)            # -x = n ln2 - r
    p = exp_poly(c, r, -1)                 # e^-r
    y = f32(1.0 / np.float64(fma(p, pow2(t), F(1))))
    return np.where(np.abs(x) > 80, np.where(x > 0, F(1), F(0)), y)


def exact_tanh(x, c, s):
    a = np.abs(x)
    t = fma(a, F(2 * LOG2E), SHIFT)
    n = f32(np.float64(t) - np.float64(SHIFT))
    r = fma(n, F(-np.log(2) / 2), a)       # 2a = n ln2 + 2r
    p = exp_poly([k * 2.0 ** i for i, k in enumerate(c)], r, 1)
    q = f32(1 - np.float64(f32(2 / np.float64(fma(p, pow2(t), F(1))))))   # 1 - 2/(e^2a + 1)
    z = f32(a * a)
    h = F(s[-1])
    for k in s[-2::-1]:
        h = fma(h, z, F(k))
    small = fma(f32(a * z), h, a)
    y = np.where(a < F(0.625), small, np.where(a > 9, F(1), q))
    return np.copysign(y, x)


def rational(x, p, b, c, clamp):
    """x P(z) / ((z^2 + b0 z + c0)(z^2 + b1 z + c1)) with every P coefficient pre-multiplied by x."""
    z = f32(x * x)
    leaf = [f32(np.float64(F(k)) * x) for k in p]
    lo = fma(leaf[1], z, leaf[0])
    hi = fma(leaf[3], z, leaf[2])
    num = fma(hi, f32(z * z), lo)
    f0 = fma(z, fma(x, x, F(b[0])), F(c[0]))
    f1 = fma(z, fma(x, x, F(b[1])), F(c[1]))
    den = f32(np.float64(f0) * np.float64(f1))
    return f32(np.float64(num) / np.float64(den)), np.abs(x) > clamp


def fast_parts(clamp):
    """Fits tanh on [0, clamp] and factors the monic denominator into two quadratics in z."""
    p, q = fit_tanh_rational(3, 4, clamp, rounds=8)
    roots = np.sort(np.roots(np.array(q[::-1])).real)
    # Pair the smallest root with the largest so both quadratics have similar magnitudes.
    pairs = [(roots[0], roots[3]), (roots[1], roots[2])]
    b = [-(u + v) for u, v in pairs]
    c = [u * v for u, v in pairs]
    p = [k / q[-1] for k in p]
    return p, b, c


def sigmoid_parts(p, b, c):
    """sigmoid(x) = 1/2 + tanh(x/2)/2: substitute x/2 and rescale so the quadratics stay monic in x^2."""
    ps = [0.5 * 0.5 * 256 * k / 4.0 ** i for i, k in enumerate(p)]
    return ps, [4 * k for k in b], [16 * k for k in c]


def lit(v):
    return np.format_float_scientific(F(v), unique=True, trim='-') + 'f'


def error(name, x, got, want):
    err = np.abs(np.float64(got) - want)
    i = int(np.argmax(err))
    print(f"  {name}: max abs error {err[i]:.3e} at x = {float(x[i])!r}; over 1: {int(np.sum(got > 1))}; drops: {int(np.sum(np.diff(got[np.argsort(x)]) < 0))}")


def main():
    """Fits everything once, prints the literals the generated code uses, then the float32 errors."""
    global FUSED
    clamp = float(sys.argv[1]) if len(sys.argv) > 1 else 7.75
    c = fit_exp(6)
    s = fit_tanh_small(5, 0.625)
    p, b, q = fast_parts(clamp)
    ps, bs, qs = sigmoid_parts(p, b, q)
    print("Sigmoid, e^-r:  ", [lit(k * (-1) ** i) for i, k in enumerate(c)][1:])
    print("Tanh, e^2r:     ", [lit(k * 2.0 ** i) for i, k in enumerate(c)][1:])
    print("Tanh, S(z):     ", [lit(k) for k in s])
    print(f"FastTanh, clamp {clamp}: p", [lit(k) for k in p], "b0 c0 b1 c1", [lit(v) for pair in zip(b, q) for v in pair])
    print(f"FastSigmoid, clamp {2 * clamp}: p", [lit(k) for k in ps], "b0 c0 b1 c1", [lit(v) for pair in zip(bs, qs) for v in pair])
    x = f32(np.linspace(-20, 20, 4000001))
    sig = 1 / (1 + np.exp(-np.float64(x)))
    th = np.tanh(np.float64(x))
    for FUSED in (True, False):
        print("fused multiply-add:" if FUSED else "separate multiply and add (no FMA hardware):")
        error("Sigmoid", x, exact_sigmoid(x, c), sig)
        error("Tanh", x, exact_tanh(x, c, s), th)
        y, sat = rational(x, p, b, q, clamp)
        error("FastTanh", x, np.where(sat, np.copysign(F(1), x), y), th)
        y, sat = rational(x, ps, bs, qs, 2 * clamp)
        error("FastSigmoid", x, np.where(sat, np.where(x > 0, F(1), F(0)), f32(np.float64(y) + 0.5)), sig)


if __name__ == "__main__":
    main()
