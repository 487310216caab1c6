#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Derive the linear layers of the bitsliced AES S-box in
userspace/crypto/aes_ct.c and print them as C.

The S-box inverts in GF(2^8) through the tower GF((2^4)^2): an element is
a_h*Y + a_l with a_h, a_l in GF(16) = GF(2)[z]/(z^4 + z + 1) and
Y^2 = Y + lambda. Then
    (a_h*Y + a_l)^-1 = (a_h*d^-1)*Y + (a_h + a_l)*d^-1,
    d = lambda*a_h^2 + a_h*a_l + a_l^2.
Everything around the GF(16) products and the GF(16) inversion is
GF(2)-linear: the change of basis into the tower (after the inverse affine
map for the inverse S-box), the squarings, and the way back (followed by
the affine map for the forward S-box). This script picks the embedding
(omega for z, psi for Y, lambda) with the fewest XORs, shares common pairs
greedily (Paar's heuristic), checks the whole S-box and its inverse
against their definitions, and prints the four linear layers.

Run: python3 scripts/gen-aes-ct-sbox.py
"""
import itertools


def gmul(a, b, poly=0x11b, deg=8):
    r = 0
    for i in range(deg):
        if b >> i & 1:
            r ^= a << i
    for i in range(2 * deg - 2, deg - 1, -1):
        if r >> i & 1:
            r ^= poly << (i - deg)
    return r


def g16(a, b):
    return gmul(a, b, 0x13, 4)


def gpow(a, e):
    r = 1
    for _ in range(e):
        r = gmul(r, a)
    return r


def ginv(a):
    return 0 if a == 0 else gpow(a, 254)


def affine(b):
    r = 0
    for i in range(8):
        bit = 0
        for k in (0, 4, 5, 6, 7):
            bit ^= b >> ((i + k) % 8) & 1
        r |= bit << i
    return r ^ 0x63


SBOX = [affine(ginv(x)) for x in range(256)]
INV_SBOX = [0] * 256
for x in range(256):
    INV_SBOX[SBOX[x]] = x


def matrix_of(f, nin, nout):
    """Rows (as bit masks over inputs) of a linear map given as function."""
    cols = [f(1 << j) for j in range(nin)]
    return [sum((cols[j] >> i & 1) << j for j in range(nin)) for i in range(nout)]


def invert8(rows):
    n = 8
    a = [(rows[i], 1 << i) for i in range(n)]
    for c in range(n):
        p = next(r for r in range(c, n) if a[r][0] >> c & 1)
        a[c], a[p] = a[p], a[c]
        for r in range(n):
            if r != c and a[r][0] >> c & 1:
                a[r] = (a[r][0] ^ a[c][0], a[r][1] ^ a[c][1])
    return [a[i][1] for i in range(n)]


def apply(rows, v):
    return sum((bin(rows[i] & v).count("1") & 1) << i for i in range(len(rows)))


def paar(rows, nin):
    """Greedy XOR sharing; returns (ops, final row terms, cost)."""
    rows = [set(j for j in range(nin) if r >> j & 1) for r in rows]
    ops = []
    nv = nin
    while True:
        count = {}
        for r in rows:
            for p in itertools.combinations(sorted(r), 2):
                count[p] = count.get(p, 0) + 1
        if not count:
            break
        best = max(count, key=lambda p: (count[p], -p[0], -p[1]))
        if count[best] < 2:
            break
        ops.append((nv, best))
        for r in rows:
            if best[0] in r and best[1] in r:
                r -= set(best)
                r.add(nv)
        nv += 1
    cost = len(ops) + sum(max(len(r) - 1, 0) for r in rows)
    return ops, rows, cost


def design():
    omegas = [w for w in range(256) if gmul(gmul(gmul(w, w), w), w) ^ w ^ 1 == 0]
    best = None
    for w in omegas:
        def emb(a, w=w):   # GF(16) element -> GF(256)
            r = 0
            for i in range(4):
                if a >> i & 1:
                    r ^= gpow(w, i)
            return r
        for lam in range(1, 16):
            # Y^2 + Y + lam irreducible over GF(16) iff no root in GF(16)
            if any(g16(y, y) ^ y ^ lam == 0 for y in range(16)):
                continue
            for psi in range(256):
                if gmul(psi, psi) ^ psi ^ emb(lam) != 0:
                    continue
                T = matrix_of(lambda v: emb(v & 15) ^ gmul(emb(v >> 4), psi), 8, 8)
                M = invert8(T)
                A = matrix_of(lambda v: affine(v) ^ 0x63, 8, 8)
                Ainv = invert8(A)

                def front(v, lam=lam):  # tower value -> (l, h, l^h, e)
                    lo, hi = v & 15, v >> 4
                    e = g16(lam, g16(hi, hi)) ^ g16(lo, lo)
                    return lo | hi << 4 | (lo ^ hi) << 8 | e << 12
                Fin = matrix_of(lambda x: front(apply(M, x)), 8, 16)
                Iin = matrix_of(lambda x: front(apply(M, apply(Ainv, x))), 8, 16)
                iconst = front(apply(M, apply(Ainv, 0x63)))
                Fout = matrix_of(lambda v: apply(A, apply(T, v)), 8, 8)
                Iout = T
                cost = sum(paar(m, 8)[2] for m in (Fin, Iin, Fout, Iout))
                cand = (cost, w, lam, psi, Fin, Iin, iconst, Fout, Iout)
                if best is None or cand[0] < best[0]:
                    best = cand
    return best


def middle(lo, hi, e):
    d = e ^ g16(hi, lo)
    dinv = next((b for b in range(16) if g16(d, b) == 1), 0)
    return g16(lo ^ hi, dinv) | g16(hi, dinv) << 4


def check(b):
    _, w, lam, psi, Fin, Iin, iconst, Fout, Iout = b
    for x in range(256):
        v = apply(Fin, x)
        y = apply(Fout, middle(v & 15, v >> 4 & 15, v >> 12)) ^ 0x63
        assert y == SBOX[x], x
        v = apply(Iin, x) ^ iconst
        y = apply(Iout, middle(v & 15, v >> 4 & 15, v >> 12))
        assert y == INV_SBOX[x], x


def emit(name, rows, nin, src, dst, notmask=0):
    ops, final, cost = paar(rows, nin)
    print("/* %s: %d XORs */" % (name, cost))
    nm = {j: "%s[%d]" % (src, j) for j in range(nin)}
    for v, (a, b) in ops:
        nm[v] = "t%d" % (v - nin)
        print("t%d = %s ^ %s;" % (v - nin, nm[a], nm[b]))
    for i, r in enumerate(final):
        expr = " ^ ".join(nm[j] for j in sorted(r)) or "0"
        if notmask >> i & 1:
            expr = "~(%s)" % expr
        print("%s[%d] = %s;" % (dst, i, expr))


b = design()
check(b)
cost, w, lam, psi, Fin, Iin, iconst, Fout, Iout = b
print("/* omega = 0x%02x, lambda = 0x%x, psi = 0x%02x, %d XORs in all */" % (w, lam, psi, cost))
emit("forward S-box, into the tower", Fin, 8, "x", "v")
emit("inverse S-box, into the tower", Iin, 8, "x", "v", iconst)
emit("forward S-box, out of the tower", Fout, 8, "u", "x", 0x63)
emit("inverse S-box, out of the tower", Iout, 8, "u", "x")
