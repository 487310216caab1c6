#!/usr/bin/env python3
# Write worst-case 64 KiB inputs for the PKI fuzz targets: the shapes that
# make parsers slow (long lists, deep nesting, many blocks, big names,
# name constraints against many names, key derivation parameters at the
# limit), for scripts/fuzz-budget.sh to time.
#
#   scripts/fuzz-inputs.py OUTDIR
import os
import random
import sys

MAX = 65536
out = sys.argv[1]
random.seed(1)


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        hdr = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
        hdr = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + hdr + body


def seq(*items):
    return tlv(0x30, b''.join(items))


def oid(hexstr):
    return tlv(0x06, bytes.fromhex(hexstr))


def octets(b):
    return tlv(0x04, b)


def integer(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), 'big')
    return tlv(0x02, b)


def fill(prefix_fn, unit, limit=MAX - 64):
    """Largest body of repeated units that keeps the whole under limit."""
    n = 1
    while len(prefix_fn(unit * (n * 2))) < limit:
        n *= 2
    while len(prefix_fn(unit * (n + 1))) < limit:
        n += 1
    return prefix_fn(unit * n)


def write(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    assert len(data) <= MAX, (name, len(data))
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


SHA256_RSA = seq(oid('2a864886f70d01010b'), tlv(0x05, b''))
RSA_SPKI = seq(seq(oid('2a864886f70d010101'), tlv(0x05, b'')),
               tlv(0x03, b'\x00' + seq(integer((1 << 2047) | 1), integer(65537))))


def name(rdns):
    return seq(*rdns)


def rdn(*atvs):
    return tlv(0x31, b''.join(atvs))


def atv(value, t=0x0c):
    return seq(oid('550403'), tlv(t, value))


def ext(oid_hex, body, critical=False):
    return seq(oid(oid_hex), *( [tlv(0x01, b'\xff')] if critical else []), octets(body))


def cert(issuer, subject, exts):
    tbs = seq(tlv(0xa0, integer(2)), integer(1), SHA256_RSA, issuer,
              seq(tlv(0x17, b'200101000000Z'), tlv(0x17, b'400101000000Z')),
              subject, RSA_SPKI, tlv(0xa3, seq(*exts)))
    return seq(tbs, SHA256_RSA, tlv(0x03, b'\x00' + b'\x5a' * 256))


# Names at their limits: 64 RDNs of 16 attributes.
def big_name(size):
    per = max(1, size // (64 * 16))
    return name([rdn(*[atv(b'a' * per)] * 16)] * 64)


plain = name([rdn(atv(b'Test'))])
dns = tlv(0x82, b'host.example.com')
san_many = lambda body: cert(plain, plain, [ext('551d11', seq(body))])
nc_many = lambda body: cert(plain, plain, [
    ext('551d13', seq(tlv(0x01, b'\xff')), True),
    ext('551d1e', seq(tlv(0xa0, body), tlv(0xa1, body)), True),
    ext('551d11', seq(*[tlv(0x82, b'n%d.example.com' % i) for i in range(400)]))])
subtree = seq(tlv(0x82, b'.example.org'))

# At the limits the parser allows: 1024 names, 128 + 128 subtrees.
long_dns = [tlv(0x82, b'n%04d.' % i + b'x' * 40 + b'.example.com') for i in range(1024)]
at_cap_nc = cert(plain, plain, [
    ext('551d13', seq(tlv(0x01, b'\xff')), True),
    ext('551d1e', seq(tlv(0xa0, subtree * 128), tlv(0xa1, seq(tlv(0x82, b'bad.example.org')) * 128)),
        True),
    ext('551d11', seq(*[tlv(0x82, b'n%d.example.org' % i) for i in range(1024)]))])

# At the work cap of name constraints: 128 names (one subject RDN and
# 127 SANs) against 64 + 64 subtrees.
at_work_cap = cert(plain, plain, [
    ext('551d13', seq(tlv(0x01, b'\xff')), True),
    ext('551d1e', seq(tlv(0xa0, subtree * 64), tlv(0xa1, seq(tlv(0x82, b'bad.example.org')) * 64)),
        True),
    ext('551d11', seq(*[tlv(0x82, b'n%d.example.org' % i) for i in range(127)]))])

x509 = {
    'nc_at_work_cap': at_work_cap,
    'san_at_cap': cert(plain, plain, [ext('551d11', seq(*long_dns))]),
    'nc_at_cap': at_cap_nc,
    'san_many_dns': fill(san_many, dns),
    'san_many_ip': fill(san_many, tlv(0x87, b'\xc0\x00\x02\x01')),
    'nc_many_subtrees': fill(nc_many, subtree),
    'big_names': cert(big_name(20000), big_name(20000), []),
    'many_extensions': cert(plain, plain, [ext('2a0304%02x' % i, b'\x05\x00') for i in range(64)]),
}
for k, v in x509.items():
    write('fuzz_x509', k, v)
    write('fuzz_der', k, v)

der = {
    'nested': b''.join(bytes([0x30, 0x84]) + (MAX - 6 * (i + 1)).to_bytes(4, 'big')
                       for i in range(2000))[:MAX],
    'flat': fill(lambda b: seq(b), tlv(0x04, b'')),
    'long_oid': seq(tlv(0x06, b'\x81' * 65000 + b'\x01')),
    'names_in_seq': seq(*[big_name(3000)] * 20),
    'random': bytes(random.getrandbits(8) for _ in range(MAX)),
}
for k, v in der.items():
    write('fuzz_der', k, v[:MAX])

block = b'-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'
key_block = b'-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n'
b64 = b'QUJD' * 16 + b'\n'
pem = {
    'many_blocks': block * (MAX // len(block)),
    'many_key_blocks': b'x\n' + key_block * (MAX // len(key_block) - 1),
    'long_body': b'-----BEGIN PRIVATE KEY-----\n' + b64 * ((MAX - 60) // len(b64))
                 + b'-----END PRIVATE KEY-----\n',
    'unterminated': b'-----BEGIN CERTIFICATE-----\n' + b64 * ((MAX - 40) // len(b64)),
    'begin_lines': b'-----BEGIN A-----\n' * (MAX // 18),
    'headers': b'-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n'
               + b'DEK-Info: AES-256-CBC,' + b'00' * 16 + b'\n\n'
               + b64 * ((MAX - 200) // len(b64)) + b'-----END RSA PRIVATE KEY-----\n',
}
for k, v in pem.items():
    write('fuzz_pem', k, v)

PBKDF2 = '2a864886f70d01050c'
PBES2 = '2a864886f70d01050d'
AES256 = '60864801650304012a'


def pbes2(iters, ct):
    params = seq(seq(oid(PBKDF2), seq(octets(b'saltsalt'), integer(iters),
                                      seq(oid('2a864886f70d0209'), tlv(0x05, b'')))),
                 seq(oid(AES256), octets(b'\x00' * 16)))
    return seq(seq(oid(PBES2), params), octets(ct))


pkcs8 = {
    'pbes2_huge_iterations': pbes2((1 << 31) - 1, b'\x00' * 4096),
    'pbes2_budget_big_ct': fill(lambda b: pbes2(64, b), b'\x00' * 16),
    'pkcs1_big': seq(integer(0), *[integer((1 << 16000) | 1)] * 8)[:MAX],
}
for k, v in pkcs8.items():
    write('fuzz_pkcs8', k, v)

DATA = '2a864886f70d010701'
SHROUDED = '2a864886f70d010c0a0102'
CERTBAG = '2a864886f70d010c0a0103'


def p12(safe_contents, mac_iters=None):
    auth = seq(seq(oid(DATA), tlv(0xa0, octets(safe_contents))))
    parts = [integer(3), seq(oid(DATA), tlv(0xa0, octets(auth)))]
    if mac_iters:
        parts.append(seq(seq(seq(oid('608648016503040201'), tlv(0x05, b'')), octets(b'\x00' * 32)),
                         octets(b'saltsalt'), integer(mac_iters)))
    return seq(*parts)


bag = seq(oid(SHROUDED), tlv(0xa0, pbes2(4, b'\x00' * 32)))
cbag = seq(oid(CERTBAG), tlv(0xa0, seq(oid('2a864886f70d01091601'),
                                       tlv(0xa0, octets(x509['many_extensions'][:900])))))
pkcs12 = {
    'many_shrouded_bags': fill(lambda b: p12(seq(b)), bag),
    'many_cert_bags': fill(lambda b: p12(seq(b)), cbag),
    'mac_big_content': p12(seq(fill(lambda b: seq(b), b'\x04\x00', MAX - 300)), 256),
}
for k, v in pkcs12.items():
    write('fuzz_pkcs12', k, v)
