#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the tables of the constant-time DES in userspace/crypto/des.c.

That code never indexes memory by data. For each S-box S_j and each of
its four output bits b it keeps one 64-bit word whose bit v is bit b of
S_j(v), v being the 6-bit S-box input as it comes out of the expansion
(outer bits pick the row). A lookup is then a shift by v, which takes the
same time for every v, and the permutation P is applied by placing the
bit straight at its final position. This script builds those words and
positions from the FIPS 46-3 tables and checks them against a direct
evaluation of f's S-box and P stages.

Run: python3 scripts/gen-des-ct-tables.py
"""

SBOX = [
    [[14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7],
     [0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8],
     [4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0],
     [15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13]],
    [[15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10],
     [3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5],
     [0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15],
     [13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9]],
    [[10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8],
     [13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1],
     [13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7],
     [1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12]],
    [[7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15],
     [13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9],
     [10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4],
     [3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14]],
    [[2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9],
     [14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6],
     [4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14],
     [11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3]],
    [[12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11],
     [10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8],
     [9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6],
     [4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13]],
    [[4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1],
     [13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6],
     [1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2],
     [6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12]],
    [[13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7],
     [1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2],
     [7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8],
     [2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11]],
]

P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
     2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25]

for s in SBOX:
    for row in s:
        assert sorted(row) == list(range(16))


def sbox(j, v):
    """S_j of a 6-bit input, bit 1 (the MSB) and bit 6 select the row."""
    row = (v >> 4 & 2) | (v & 1)
    col = v >> 1 & 15
    return SBOX[j][row][col]


def planes():
    out = []
    for j in range(8):
        for b in range(4):      # b = 0 is the MSB of the S-box output
            out.append(sum((sbox(j, v) >> (3 - b) & 1) << v for v in range(64)))
    return out


def positions():
    """Bit position (0 = LSB of a 32-bit word whose MSB is DES bit 1)
    where P puts output bit b of S_j."""
    pinv = {k: i + 1 for i, k in enumerate(P)}
    return [32 - pinv[4 * j + 1 + b] for j in range(8) for b in range(4)]


def check(pl, pos):
    import random
    for _ in range(2000):
        x = random.getrandbits(48)
        # reference: S-boxes then P, DES bit numbering (1 = MSB)
        s = 0
        for j in range(8):
            s = s << 4 | sbox(j, x >> (42 - 6 * j) & 63)
        ref = 0
        for i in range(32):
            ref = ref << 1 | (s >> (32 - P[i]) & 1)
        got = 0
        for j in range(8):
            v = x >> (42 - 6 * j) & 63
            for b in range(4):
                got |= (pl[4 * j + b] >> v & 1) << pos[4 * j + b]
        assert got == ref


pl, pos = planes(), positions()
check(pl, pos)
print("static const uint64_t des_sp_plane[8][4] = {")
for j in range(8):
    w = ["0x%016xull" % pl[4 * j + b] for b in range(4)]
    print("\t{ %s, %s,\n\t  %s, %s }," % tuple(w))
print("};")
print("static const uint8_t des_sp_pos[8][4] = {")
for j in range(8):
    print("\t{ %s }," % ", ".join("%2d" % pos[4 * j + b] for b in range(4)))
print("};")
