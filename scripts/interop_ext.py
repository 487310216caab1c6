#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Interop of mxtls-client and mxtls-server with OpenSSL and GnuTLS for
the key exchanges, extensions and re-handshakes, as TAP lines. TLS 1.2
unless a case says otherwise; each case checks the data it moved byte
for byte and the suite, group or extension it is about in the status
lines of both sides.

  key exchanges  DHE_RSA (RFC 7919 and PEM groups), ECDHE_RSA and
                 ECDHE_ECDSA over P-256, P-384 and X25519, PSK, DHE_PSK,
                 ECDHE_PSK, the guide's suite table (TLS 1.0 and 1.2):
                 ours as client of openssl s_server and gnutls-serv, as
                 server of openssl s_client and gnutls-cli
  extensions     session tickets (resumption across two mxtls-server
                 processes sharing a ticket-key file, key rotation), SNI,
                 ALPN, max_fragment_length, encrypt-then-MAC; DH_anon
                 refused by a default build
  re-handshakes  started by each side in the middle of a 16 MiB
                 transfer: OpenSSL's "R"/"r" commands, GnuTLS's
                 ^renegotiate^ and gnutls-serv's request, ours (--rehandshake); client
                 authentication and a new cipher suite by re-handshake;
                 legacy (non-RFC 5746) peers refused; the credit limit

  scripts/interop_ext.py [--bin DIR] [--policy default|require|insecure|anon] [GROUP...]

GROUP: kx, ext, reneg (default: all). --bin: the programs (build/bin);
--policy names the re-handshake policy (or the DH_anon option) they were
built with (scripts/config-matrix.sh runs those builds): only the cases
about that policy run for the others. Every wait is bounded, every
process started ended; cases run a few at a time.
"""
import argparse
import concurrent.futures
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOP, "build", "tls-testdata")
TIMEOUT = 30
PSK_ID = "mxtls-psk"
PSK_KEY = "8f2a0c55e1d34b7ab1c6f0e2d9a84c3317b2e6f5a0c9d8e7f6a5b4c3d2e1f0aa"

BIN = os.path.join(TOP, "build", "bin")
LOG = object()
_port_lock = threading.Lock()
_procs = set()
_procs_lock = threading.Lock()


def d(name):
    return os.path.join(DATA, name)


def free_port():
    with _port_lock:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        p = s.getsockname()[1]
        s.close()
        return p


def listening(port):
    want = ":%04X" % port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f:
                    fields = line.split()
                    if len(fields) > 3 and fields[1].endswith(want) and fields[3] == "0A":
                        return True
        except OSError:
            pass
    return False


class Proc:
    """A process with its output in files; stdin a pipe unless given."""

    def __init__(self, cmd, tmp, name, stdin=subprocess.PIPE):
        self.out_path = os.path.join(tmp, name + ".out")
        self.err_path = os.path.join(tmp, name + ".err")
        # gnutls-cli's messages go to a log file, so that its standard
        # output holds only the data (LOG in the command names it).
        self.log_path = os.path.join(tmp, name + ".log")
        cmd = [self.log_path if a == LOG else a for a in cmd]
        self.cmd = cmd
        with open(self.out_path, "wb") as o, open(self.err_path, "wb") as e:
            self.p = subprocess.Popen(cmd, stdin=stdin, stdout=o, stderr=e)
        with _procs_lock:
            _procs.add(self.p)

    def write(self, data):
        try:
            self.p.stdin.write(data)
            self.p.stdin.flush()
            return True
        except (BrokenPipeError, ValueError, OSError):
            return False

    def close_stdin(self):
        try:
            if self.p.stdin:
                self.p.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def wait(self, secs=TIMEOUT):
        try:
            return self.p.wait(secs)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        self.close_stdin()
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(3)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        with _procs_lock:
            _procs.discard(self.p)

    def out(self):
        with open(self.out_path, "rb") as f:
            return f.read()

    def err(self):
        text = b""
        for path in (self.err_path, self.log_path):
            try:
                with open(path, "rb") as f:
                    text += f.read()
            except OSError:
                pass
        return text.decode(errors="replace")

    def out_len(self):
        try:
            return os.path.getsize(self.out_path)
        except OSError:
            return 0

    def text(self):
        return self.out().decode(errors="replace") + self.err()


def wait_for(cond, secs=TIMEOUT):
    end = time.time() + secs
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def server(cmd, tmp, name, port, stdin=subprocess.PIPE):
    s = Proc(cmd, tmp, name, stdin)
    if not wait_for(lambda: listening(port) or s.p.poll() is not None, 10) or \
            s.p.poll() is not None:
        raise CaseError("%s did not start: %s" % (name, s.err()[-600:]))
    return s


class CaseError(Exception):
    pass


def check(cond, what):
    if not cond:
        raise CaseError(what)


def text_data(n, seed=0):
    """n bytes of lines of lowercase letters and digits: no command
    letter of s_client/s_server ('Q', 'R', 'r' ... are never at the
    start of a line) and line-safe for echo servers."""
    raw = os.urandom(n)
    alpha = b"abcdefghijlmnopstuvwxyz0123456789"
    out = bytearray(alpha[b % len(alpha)] for b in raw)
    for i in range(63, n, 64):
        out[i] = 0x0A
    return bytes(out)


# --- the programs ------------------------------------------------------

def ours_server(port, *extra, cert="rsa"):
    cmd = [os.path.join(BIN, "mxtls-server"), "--port", str(port), "--echo"]
    if cert in ("rsa", "both"):
        cmd += ["--cert", d("server-chain.pem"), "--key", d("server.key")]
    if cert in ("ec", "both"):
        cmd += ["--cert", d("server-ec.pem"), "--key", d("server-ec.key")]
    if cert == "ec384":
        cmd += ["--cert", d("server-ec384.pem"), "--key", d("server-ec384.key")]
    return cmd + list(extra)


def ours_client(port, *extra, ca="ca-all.pem"):
    return [os.path.join(BIN, "mxtls-client"), "--host", "localhost", "--port", str(port),
            "--ca", d(ca)] + list(extra)


def s_server(port, *extra, cert="rsa"):
    cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-nbio"]
    if cert == "rsa":
        cmd += ["-cert", d("server.pem"), "-key", d("server.key")]
    elif cert == "ec":
        cmd += ["-cert", d("server-ec.pem"), "-key", d("server-ec.key")]
    elif cert == "ec384":
        cmd += ["-cert", d("server-ec384.pem"), "-key", d("server-ec384.key")]
    else:
        cmd += ["-nocert"]
    return cmd + list(extra)


def s_client(port, *extra):
    return ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-CAfile",
            d("ca-all.pem"), "-verify_return_error"] + list(extra)


def gnutls_serv(port, prio, *extra, cert="rsa"):
    cmd = ["gnutls-serv", "--echo", "--port", str(port), "--priority", prio]
    if cert == "rsa":
        cmd += ["--x509certfile", d("server.pem"), "--x509keyfile", d("server.key")]
    elif cert == "ec":
        cmd += ["--x509certfile", d("server-ec.pem"), "--x509keyfile", d("server-ec.key")]
    elif cert == "ec384":
        cmd += ["--x509certfile", d("server-ec384.pem"), "--x509keyfile",
                d("server-ec384.key")]
    return cmd + list(extra)


def gnutls_cli(port, prio, *extra):
    return ["gnutls-cli", "--logfile", LOG, "--port", str(port), "--x509cafile", d("ca-all.pem"),
            "--priority", prio] + list(extra) + ["localhost"]


def gprio(kx, cipher, groups="+GROUP-ALL", vers="+VERS-TLS1.2", extra=""):
    return ("NONE:%s:%s:%s:+COMP-NULL:+SIGN-ALL:+CTYPE-X509:%s%s"
            % (vers, kx, cipher, groups, extra))


def run_once(tmp, cmd, data=b""):
    """Run a client to its end; its exit status and all it said."""
    p = Proc(cmd, tmp, "once")
    p.write(data)
    p.close_stdin()
    rc = p.wait()
    p.stop()
    return rc, p.text()


def finish(proc, what):
    if proc.wait() is None:
        raise CaseError("%s did not finish: %s" % (what, proc.text()[-800:]))
    return proc.p.returncode


# --- generic exchanges --------------------------------------------------

def ours_vs_s_server(tmp, srv_args, cli_args, cert="rsa", want=(), tls="-tls1_2"):
    """Our client sends a request to s_server -www and reads the page."""
    port = free_port()
    s = server(s_server(port, "-www", tls, *srv_args, cert=cert), tmp, "s_server", port)
    try:
        c = Proc(ours_client(port, *cli_args), tmp, "ours")
        c.write(b"GET / HTTP/1.0\r\n\r\n")
        rc = finish(c, "mxtls-client")
        c.close_stdin()
        page = c.out().decode(errors="replace")
        check(rc == 0 and "</HTML>" in page.upper(),
              "exit %s, page %r\n%s\n%s" % (rc, page[-300:], c.err(), s.err()[-400:]))
        for w in want:
            check(w in c.err() or w in page, "%r not in\n%s%s" % (w, c.err(), page[-1200:]))
        check("Unable to load" not in s.err(), s.err()[-600:])
        return c.err(), page
    finally:
        s.stop()


def ours_vs_gnutls_serv(tmp, prio, cli_args, cert="rsa", srv_args=(), want=(), size=65536):
    port = free_port()
    s = server(gnutls_serv(port, prio, *srv_args, cert=cert), tmp, "gnutls-serv", port,
               stdin=subprocess.DEVNULL)
    try:
        c = Proc(ours_client(port, "--send", str(size), *cli_args), tmp, "ours",
                 stdin=subprocess.DEVNULL)
        rc = finish(c, "mxtls-client")
        err = c.err()
        check(rc == 0 and "echoed intact" in err, "exit %s\n%s\n%s" % (rc, err, s.text()[-600:]))
        for w in want:
            check(w in err, "%r not in\n%s" % (w, err))
        return err, s
    finally:
        s.stop()


def echo_through(tmp, cmd, data, name, wait_out=None):
    """Run a client that sends data to an echo server and prints what
    comes back; stdin is closed once all came back."""
    c = Proc(cmd, tmp, name)
    feed = threading.Thread(target=c.write, args=(data,), daemon=True)
    feed.start()
    got = wait_for(lambda: c.out_len() >= (wait_out or len(data)) or c.p.poll() is not None)
    c.close_stdin()
    c.wait(0.5)
    c.stop()
    return got, c


def s_client_vs_ours(tmp, srv_args, cli_args, cert="rsa", want=(), size=65536, srv_want=()):
    port = free_port()
    s = server(ours_server(port, "--max-conn", "1", *srv_args, cert=cert), tmp, "ours", port,
               stdin=subprocess.DEVNULL)
    try:
        data = text_data(size)
        _, c = echo_through(tmp, s_client(port, "-quiet", *cli_args), data, "s_client")
        check(c.out() == data, "echo: %d of %d bytes\n%s\n%s" % (c.out_len(), len(data),
                                                                  c.err()[-600:], s.err()))
        rc = finish(s, "mxtls-server")
        check(rc == 0, "mxtls-server exit %s\n%s" % (rc, s.err()))
        for w in list(want) + list(srv_want):
            check(w in s.err(), "%r not in\n%s" % (w, s.err()))
        return s.err(), c
    finally:
        s.stop()


def gnutls_cli_vs_ours(tmp, prio, srv_args, cli_args=(), cert="rsa", want=(), size=65536):
    port = free_port()
    s = server(ours_server(port, "--max-conn", "1", *srv_args, cert=cert), tmp, "ours", port,
               stdin=subprocess.DEVNULL)
    try:
        data = text_data(size)
        _, c = echo_through(tmp, gnutls_cli(port, prio, *cli_args), data, "gnutls-cli")
        check(c.out() == data, "echo: %d of %d bytes\n%s\n%s" % (c.out_len(), len(data),
                                                                  c.err()[-600:], s.err()))
        rc = finish(s, "mxtls-server")
        check(rc == 0, "mxtls-server exit %s\n%s" % (rc, s.err()))
        for w in want:
            check(w in s.err(), "%r not in\n%s" % (w, s.err()))
        return s.err(), c
    finally:
        s.stop()


# --- key exchanges ---------------------------------------------------------

# (ours suite, openssl name, gnutls kx, gnutls cipher, groups (ours, openssl, gnutls), cert)
KX = [
    ("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", "+DHE-RSA",
     "+AES-128-GCM:+AEAD", None, "rsa"),
    ("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", "+DHE-RSA",
     "+AES-256-CBC:+SHA256", None, "rsa"),
    ("TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", "+DHE-RSA",
     "+CHACHA20-POLY1305:+AEAD", None, "rsa"),
    ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "+ECDHE-RSA",
     "+AES-128-GCM:+AEAD", ("P-256", "P-256", "+GROUP-SECP256R1"), "rsa"),
    ("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "+ECDHE-RSA",
     "+AES-256-GCM:+AEAD", ("P-384", "P-384", "+GROUP-SECP384R1"), "rsa"),
    ("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305",
     "+ECDHE-RSA", "+CHACHA20-POLY1305:+AEAD", ("x25519", "X25519", "+GROUP-X25519"), "rsa"),
    ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", "+ECDHE-RSA",
     "+AES-128-CBC:+SHA256", ("x25519", "X25519", "+GROUP-X25519"), "rsa"),
    ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256",
     "+ECDHE-ECDSA", "+AES-128-GCM:+AEAD", ("P-256", "P-256", "+GROUP-SECP256R1"), "ec"),
    ("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", "+ECDHE-ECDSA",
     "+AES-256-CBC:+SHA384", ("P-384,P-256", "P-384:P-256", "+GROUP-SECP384R1:+GROUP-SECP256R1"),
     "ec"),
    ("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
     "+ECDHE-ECDSA", "+CHACHA20-POLY1305:+AEAD",
     ("x25519,P-256", "X25519:P-256", "+GROUP-X25519:+GROUP-SECP256R1"), "ec"),
    ("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384",
     "+ECDHE-ECDSA", "+AES-256-GCM:+AEAD", ("P-384", "P-384", "+GROUP-SECP384R1"), "ec384"),
    ("TLS_PSK_WITH_AES_128_CBC_SHA256", "PSK-AES128-CBC-SHA256", "+PSK",
     "+AES-128-CBC:+SHA256", None, "psk"),
    ("TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384", "+PSK",
     "+AES-256-GCM:+AEAD", None, "psk"),
    ("TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", "DHE-PSK-AES128-GCM-SHA256", "+DHE-PSK",
     "+AES-128-GCM:+AEAD", None, "psk"),
    ("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "ECDHE-PSK-AES128-CBC-SHA256", "+ECDHE-PSK",
     "+AES-128-CBC:+SHA256", ("x25519", "X25519", "+GROUP-X25519"), "psk"),
    ("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-PSK-CHACHA20-POLY1305",
     "+ECDHE-PSK", "+CHACHA20-POLY1305:+AEAD", ("P-256", "P-256", "+GROUP-SECP256R1"), "psk"),
]

# The guide's table (the DH_anon line needs a USE_ANON_DH_CIPHER_SUITE
# and USE_ARC4 build, see --policy anon).
GUIDE = [
    # OpenSSL 3 no longer has 3DES in TLS.
    ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", None, "+RSA", "+3DES-CBC:+SHA1", "rsa"),
    ("TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", "+RSA", "+AES-128-CBC:+SHA1", "rsa"),
    ("TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", "+DHE-RSA", "+AES-256-CBC:+SHA1",
     "rsa"),
    ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", "+ECDHE-RSA",
     "+AES-128-CBC:+SHA1", "rsa"),
    ("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", "+ECDHE-ECDSA",
     "+AES-256-CBC:+SHA1", "ec"),
]

def psk_ours():
    return ["--psk", "%s:%s" % (PSK_ID, PSK_KEY)]


def psk_openssl():
    return ["-psk", PSK_KEY, "-psk_identity", PSK_ID]


def psk_file(tmp):
    path = os.path.join(tmp, "psk.txt")
    with open(path, "w") as f:
        f.write("%s:%s\n" % (PSK_ID, PSK_KEY))
    return path


def kx_cases():
    cases = []
    for suite, oname, gkx, gcipher, groups, cert in KX:
        psk = cert == "psk"
        scert = "none" if psk else cert
        ocert = "both" if cert == "ec" else cert

        def c1(tmp, suite=suite, oname=oname, groups=groups, psk=psk, scert=scert):
            args = ["--cipher", suite] + (psk_ours() if psk else [])
            sargs = ["-cipher", oname] + (psk_openssl() if psk else [])
            if groups:
                args += ["--groups", groups[0]]
                sargs += ["-groups", groups[1]]
            ours_vs_s_server(tmp, sargs, args, cert=scert, want=[suite])

        def c2(tmp, suite=suite, gkx=gkx, gcipher=gcipher, groups=groups, psk=psk, scert=scert):
            prio = gprio(gkx, gcipher, groups[2] if groups else "+GROUP-ALL")
            args = ["--cipher", suite] + (psk_ours() if psk else [])
            sargs = ["--pskpasswd", psk_file(tmp)] if psk else []
            ours_vs_gnutls_serv(tmp, prio, args, cert=scert, srv_args=sargs, want=[suite])

        def c3(tmp, suite=suite, oname=oname, groups=groups, psk=psk, ocert=ocert):
            cargs = ["-tls1_2", "-cipher", oname] + (psk_openssl() if psk else [])
            if groups:
                cargs += ["-groups", groups[1]]
            err, c = s_client_vs_ours(tmp, psk_ours() if psk else [], cargs,
                                      cert="none" if psk else ocert, want=[suite])

        def c4(tmp, suite=suite, gkx=gkx, gcipher=gcipher, groups=groups, psk=psk, ocert=ocert):
            prio = gprio(gkx, gcipher, groups[2] if groups else "+GROUP-ALL")
            cargs = ["--pskusername", PSK_ID, "--pskkey", PSK_KEY] if psk else []
            gnutls_cli_vs_ours(tmp, prio, psk_ours() if psk else [], cargs,
                               cert="none" if psk else ocert, want=[suite])

        tag = suite + (" " + groups[1] if groups else "")
        cases += [("kx: ours-client -> openssl s_server %s" % tag, c1),
                  ("kx: ours-client -> gnutls-serv %s" % tag, c2),
                  ("kx: openssl s_client -> ours-server %s" % tag, c3)]
        # gnutls-cli 3.7.9 crashes (SIGSEGV) after any DHE_PSK or
        # ECDHE_PSK handshake, gnutls-serv's included: OpenSSL's client
        # stands for it there.
        if gkx not in ("+DHE-PSK", "+ECDHE-PSK"):
            cases += [("kx: gnutls-cli -> ours-server %s" % tag, c4)]

    # DHE with the server's PEM parameters (no RFC 7919 group), both ways.
    def dh_pem(tmp):
        s_client_vs_ours(tmp, ["--dh", d("dh2048.pem")],
                         ["-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256"],
                         want=["TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"])

    def dh_pem_client(tmp):
        _, c = ours_vs_s_server(tmp, ["-cipher", "DHE-RSA-AES128-GCM-SHA256", "-dhparam",
                                      d("ffdhe3072.pem")],
                                ["--cipher", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"],
                                want=["TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"])
    cases += [("kx: openssl s_client -> ours-server DHE with --dh PEM parameters", dh_pem),
              ("kx: ours-client -> openssl s_server DHE with -dhparam (ffdhe3072, PEM)",
               dh_pem_client)]

    # The PSK identity hint: s_server sends one; ours sends one to s_client.
    def hint_client(tmp):
        ours_vs_s_server(tmp, ["-cipher", "PSK-AES128-CBC-SHA256", "-psk_hint", "the-hint"]
                         + psk_openssl(), ["--cipher", "TLS_PSK_WITH_AES_128_CBC_SHA256"]
                         + psk_ours(), cert="none", want=["TLS_PSK_WITH_AES_128_CBC_SHA256"])

    def hint_server(tmp):
        _, c = s_client_vs_ours(tmp, psk_ours() + ["--psk", "other:00112233",
                                                   "--psk-hint", "our-hint"],
                                ["-tls1_2", "-cipher", "PSK-AES128-CBC-SHA256"] +
                                psk_openssl(), cert="none",
                                want=["TLS_PSK_WITH_AES_128_CBC_SHA256"])
    cases += [("kx: ours-client PSK with s_server's identity hint", hint_client),
              ("kx: openssl s_client PSK -> ours-server with a hint and two identities",
               hint_server)]

    # The guide's table, TLS 1.0 and 1.2, both directions with OpenSSL.
    for suite, oname, gkx, gcipher, cert in GUIDE:
        for v, ov, gv in (("tls1.0", "-tls1", "+VERS-TLS1.0"), ("tls1.2", "-tls1_2",
                                                                "+VERS-TLS1.2")):
            def g1(tmp, suite=suite, oname=oname, v=v, ov=ov, cert=cert):
                ours_vs_s_server(tmp, ["-cipher", oname + ":@SECLEVEL=0"],
                                 ["--cipher", suite, "--version", v], cert=cert, tls=ov,
                                 want=[suite])

            def g2(tmp, suite=suite, oname=oname, v=v, ov=ov, cert=cert):
                s_client_vs_ours(tmp, ["--version", v],
                                 [ov, "-cipher", oname + ":@SECLEVEL=0"],
                                 cert="both" if cert == "ec" else cert, want=[suite])

            def g3(tmp, suite=suite, gkx=gkx, gcipher=gcipher, gv=gv, v=v, cert=cert):
                gnutls_cli_vs_ours(tmp, gprio(gkx, gcipher, vers=gv), ["--version", v],
                                   cert="both" if cert == "ec" else cert, want=[suite])
            if oname:
                cases += [("kx: guide table %s %s ours-client -> openssl s_server"
                           % (v, suite), g1),
                          ("kx: guide table %s %s openssl s_client -> ours-server"
                           % (v, suite), g2)]
            cases += [("kx: guide table %s %s gnutls-cli -> ours-server" % (v, suite), g3)]
    return cases


# --- extensions -------------------------------------------------------------

def ticket_key_line():
    return os.urandom(80).hex()


def write_keys(path, lines):
    tmp = path + ".new"
    with open(tmp, "w") as f:
        f.write("# mxtls session ticket keys: the first seals\n")
        for line in lines:
            f.write(line + "\n")
    os.replace(tmp, path)


def s_client_session(tmp, port, sess_in=None, sess_out=None, extra=()):
    cmd = s_client(port, "-tls1_2", *extra)
    if sess_in:
        cmd += ["-sess_in", sess_in]
    if sess_out:
        cmd += ["-sess_out", sess_out]
    r = subprocess.run(cmd, input=b"ping\n", capture_output=True, timeout=TIMEOUT)
    out = r.stdout.decode(errors="replace")
    if "\nReused," in out:
        return "reused"
    if "\nNew," in out:
        return "new"
    return "failed: " + out[-400:] + r.stderr.decode(errors="replace")[-400:]


def ext_cases():
    cases = []

    def tickets_openssl_server(tmp):
        port = free_port()
        s = server(s_server(port, "-www", "-tls1_2"), tmp, "s_server", port)
        try:
            c = Proc(ours_client(port, "--tickets", "--resume", "2",
                                 "--cipher", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                     tmp, "ours", stdin=subprocess.DEVNULL)
            rc = finish(c, "mxtls-client")
            check(rc == 0 and "resumed 2 of 2" in c.err(), c.err())
        finally:
            s.stop()

    def tickets_gnutls_server(tmp):
        err, s = ours_vs_gnutls_serv(tmp, "NORMAL:-VERS-TLS1.3", ["--tickets", "--resume", "1"])
        check("resumed 1 of 1" in err, err)

    def tickets_two_servers(tmp):
        keys = os.path.join(tmp, "ticket.keys")
        k1, k2 = ticket_key_line(), ticket_key_line()
        write_keys(keys, [k1])
        pa, pb = free_port(), free_port()
        a = server(ours_server(pa, "--ticket-keys", keys), tmp, "ours-a", pa)
        b = server(ours_server(pb, "--ticket-keys", keys), tmp, "ours-b", pb)
        try:
            s1 = os.path.join(tmp, "s1.pem")
            s2 = os.path.join(tmp, "s2.pem")
            s3 = os.path.join(tmp, "s3.pem")
            check(s_client_session(tmp, pa, sess_out=s1) == "new", "first connection to A")
            r = s_client_session(tmp, pb, sess_in=s1)
            check(r == "reused", "A's ticket on B: %s\n%s" % (r, b.err()))
            check("resumed" in b.err(), "B does not say it resumed:\n" + b.err())
            # Rotation: a new key on top seals; the old one still opens.
            # (os.replace: a new inode, which the servers notice)
            write_keys(keys, [k2, k1])
            r = s_client_session(tmp, pb, sess_in=s1, sess_out=s2)
            check(r == "reused", "old ticket after rotation: %s" % r)
            check(s_client_session(tmp, pa, sess_out=s3) == "new", "a new session on A")
            # The old key dropped: tickets it sealed no longer resume, new ones do.
            write_keys(keys, [k2])
            r = s_client_session(tmp, pb, sess_in=s1)
            check(r == "new", "a ticket under a dropped key resumed: %s" % r)
            r = s_client_session(tmp, pb, sess_in=s3)
            check(r == "reused", "a ticket under the new key, on the other server: %s" % r)
        finally:
            a.stop()
            b.stop()

    def tickets_gnutls_client(tmp):
        keys = os.path.join(tmp, "ticket.keys")
        write_keys(keys, [ticket_key_line()])
        port = free_port()
        s = server(ours_server(port, "--ticket-keys", keys, "--max-conn", "2"), tmp, "ours",
                   port, stdin=subprocess.DEVNULL)
        try:
            rc, out = run_once(tmp, gnutls_cli(port, "NORMAL:-VERS-TLS1.3", "-r"))
            check("This is a resumed session" in out, out[-800:])
            finish(s, "mxtls-server")
            check(s.err().count("resumed") == 1, s.err())
        finally:
            s.stop()

    def tickets_ours_both(tmp):
        keys = os.path.join(tmp, "ticket.keys")
        write_keys(keys, [ticket_key_line()])
        port = free_port()
        s = server(ours_server(port, "--ticket-keys", keys, "--max-conn", "3"), tmp, "ours",
                   port, stdin=subprocess.DEVNULL)
        try:
            c = Proc(ours_client(port, "--tickets", "--resume", "2"), tmp, "ours-c",
                     stdin=subprocess.DEVNULL)
            rc = finish(c, "mxtls-client")
            check(rc == 0 and "resumed 2 of 2" in c.err(), c.err() + s.err())
        finally:
            s.stop()

    cases += [("ext: session ticket from openssl s_server resumes (ours-client --tickets)",
               tickets_openssl_server),
              ("ext: session ticket from gnutls-serv resumes", tickets_gnutls_server),
              ("ext: tickets shared by two mxtls-server processes (--ticket-keys), key "
               "rotation, old key dropped", tickets_two_servers),
              ("ext: gnutls-cli -r resumes by ticket on ours-server", tickets_gnutls_client),
              ("ext: ours-client resumes by ticket on ours-server", tickets_ours_both)]

    sni_args = ["--sni", "other.example:%s:%s" % (d("other.pem"), d("other.key"))]

    def sni_openssl(tmp):
        for name, want in (("other.example", "other.example"), ("localhost", "localhost")):
            port = free_port()
            s = server(ours_server(port, "--max-conn", "1", *sni_args), tmp, "ours", port,
                       stdin=subprocess.DEVNULL)
            try:
                r = subprocess.run(s_client(port, "-tls1_2", "-servername", name,
                                            "-verify_hostname", want),
                                   input=b"", capture_output=True, timeout=TIMEOUT)
                out = r.stdout.decode(errors="replace")
                check("Verify return code: 0 (ok)" in out and "CN = %s" % want in out,
                      "name %s:\n%s" % (name, out[-1200:]))
                finish(s, "mxtls-server")
                check("sni=%s" % name in s.err(), s.err())
            finally:
                s.stop()

    def sni_gnutls(tmp):
        gnutls_cli_vs_ours(tmp, "NORMAL:-VERS-TLS1.3", sni_args,
                           ["--sni-hostname", "other.example", "--verify-hostname",
                            "other.example"], want=["sni=other.example"])

    def sni_client(tmp):
        for name in ("other.example", "localhost"):
            ours_vs_s_server(tmp, ["-servername", "other.example", "-cert2", d("other.pem"),
                                   "-key2", d("other.key")],
                             ["--sni", name, "--verify-name", name])

    cases += [("ext: SNI, ours-server picks keys by name (openssl s_client)", sni_openssl),
              ("ext: SNI, ours-server picks keys by name (gnutls-cli)", sni_gnutls),
              ("ext: SNI, ours-client names the server (openssl s_server -servername)",
               sni_client)]

    def alpn_openssl(tmp):
        _, c = s_client_vs_ours(tmp, ["--alpn", "h2,http/1.1"],
                                ["-tls1_2", "-alpn", "spdy/1,http/1.1"],
                                want=["alpn=http/1.1"])

    def alpn_gnutls(tmp):
        gnutls_cli_vs_ours(tmp, "NORMAL:-VERS-TLS1.3", ["--alpn", "http/1.1,h2"],
                           ["--alpn", "foo", "--alpn", "h2"], want=["alpn=h2"])

    def alpn_client(tmp):
        ours_vs_s_server(tmp, ["-alpn", "http/1.1"], ["--alpn", "h2,http/1.1"],
                         want=["alpn=http/1.1"])
        ours_vs_gnutls_serv(tmp, "NORMAL:-VERS-TLS1.3", ["--alpn", "h2,http/1.1"],
                            srv_args=["--alpn", "h2"], want=["alpn=h2"])

    def alpn_refused(tmp):
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1", "--alpn", "h2"), tmp, "ours", port,
                   stdin=subprocess.DEVNULL)
        try:
            r = subprocess.run(s_client(port, "-tls1_2", "-alpn", "http/1.1"), input=b"",
                               capture_output=True, timeout=TIMEOUT)
            out = (r.stdout + r.stderr).decode(errors="replace")
            check(r.returncode != 0 and "no application protocol" in out, out[-800:])
        finally:
            s.stop()

    cases += [("ext: ALPN, ours-server chooses (openssl s_client)", alpn_openssl),
              ("ext: ALPN, ours-server chooses (gnutls-cli)", alpn_gnutls),
              ("ext: ALPN, ours-client offers (openssl s_server, gnutls-serv)", alpn_client),
              ("ext: ALPN, no common protocol: no_application_protocol", alpn_refused)]

    def mfl_client(tmp):
        for size in ("512", "4096"):
            err, _ = ours_vs_gnutls_serv(tmp, "NORMAL:-VERS-TLS1.3", ["--max-frag", size],
                                         want=["max_fragment_length=" + size], size=200000)
        # s_server enforces the length it agreed to on what it reads.
        port = free_port()
        s = server(s_server(port, "-tls1_2", "-quiet"), tmp, "s_server", port)
        try:
            data = text_data(200000)
            c = Proc(ours_client(port, "--max-frag", "1024"), tmp, "ours")
            c.write(data)
            check(wait_for(lambda: s.out_len() >= len(data)), "s_server got %d of %d" %
                  (s.out_len(), len(data)))
            c.close_stdin()
            s.close_stdin()
            finish(c, "mxtls-client")
            check(s.out() == data, "data differs")
            check("max_fragment_length=1024" in c.err(), c.err())
        finally:
            s.stop()

    def mfl_server(tmp):
        _, c = s_client_vs_ours(tmp, [], ["-tls1_2", "-maxfraglen", "512"], size=200000)

    cases += [("ext: max_fragment_length, ours-client asks (gnutls-serv, openssl s_server)",
               mfl_client),
              ("ext: max_fragment_length 512, openssl s_client asks ours-server", mfl_server)]

    def etm(tmp):
        cbc = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"
        ours_vs_s_server(tmp, [], ["--cipher", cbc], want=[cbc + ", etm"])
        err, _ = ours_vs_s_server(tmp, [], ["--cipher", cbc, "--no-etm"], want=[cbc])
        check(", etm" not in err, err)
        ours_vs_gnutls_serv(tmp, gprio("+ECDHE-RSA", "+AES-128-CBC:+SHA256"), ["--cipher", cbc],
                            want=[cbc + ", etm"])
        s_client_vs_ours(tmp, [], ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256"],
                         want=[cbc + ", etm"])
        err, _ = s_client_vs_ours(tmp, [], ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256",
                                            "-no_etm"], want=[cbc])
        check(", etm" not in err, err)
        gnutls_cli_vs_ours(tmp, gprio("+ECDHE-RSA", "+AES-128-CBC:+SHA256"), [],
                           want=[cbc + ", etm"])

    cases += [("ext: encrypt-then-MAC with both peers both ways, and without", etm)]

    def no_anon(tmp):
        r = subprocess.run(ours_client(1, "--cipher", "TLS_DH_anon_WITH_AES_128_CBC_SHA"),
                           capture_output=True, timeout=TIMEOUT)
        check(b"unknown cipher" in r.stderr, r.stderr.decode(errors="replace"))
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1"), tmp, "ours", port,
                   stdin=subprocess.DEVNULL)
        try:
            r = subprocess.run(s_client(port, "-tls1_2", "-cipher", "ADH-AES128-SHA:@SECLEVEL=0"),
                               input=b"", capture_output=True, timeout=TIMEOUT)
            out = (r.stdout + r.stderr).decode(errors="replace")
            check(r.returncode != 0 and "handshake failure" in out, out[-600:])
        finally:
            s.stop()

    cases += [("ext: a default build has no DH_anon suite, as client or server", no_anon)]
    return cases


def anon_cases():
    """A USE_ANON_DH_CIPHER_SUITE (and USE_ARC4) build."""
    def anon(tmp):
        for suite, gc in (("TLS_DH_anon_WITH_AES_128_CBC_SHA", "+AES-128-CBC:+SHA1"),
                          ("TLS_DH_anon_WITH_RC4_128_MD5", "+ARCFOUR-128:+MD5")):
            gnutls_cli_vs_ours(tmp, gprio("+ANON-DH", gc), ["--cipher", suite], cert="none",
                               want=[suite])
            ours_vs_gnutls_serv(tmp, gprio("+ANON-DH", gc), ["--cipher", suite], cert="none",
                                want=[suite])

    def anon_openssl(tmp):
        s_client_vs_ours(tmp, ["--cipher", "TLS_DH_anon_WITH_AES_256_GCM_SHA384"],
                         ["-tls1_2", "-cipher", "ADH-AES256-GCM-SHA384:@SECLEVEL=0"],
                         cert="none", want=["TLS_DH_anon_WITH_AES_256_GCM_SHA384"])
        # (s_server's default DH group at SECLEVEL 0 is 1024 bits: too
        # small for us, MIN_DH_BITS)
        ours_vs_s_server(tmp, ["-cipher", "ADH-AES128-SHA:@SECLEVEL=0", "-dhparam",
                               d("ffdhe3072.pem")],
                         ["--cipher", "TLS_DH_anon_WITH_AES_128_CBC_SHA"], cert="none",
                         want=["TLS_DH_anon_WITH_AES_128_CBC_SHA"])
    return [("anon: DH_anon suites of the guide's table (the RC4-MD5 line too) with GnuTLS "
             "both ways", anon),
            ("anon: DH_anon with OpenSSL both ways", anon_openssl)]


# --- re-handshakes ------------------------------------------------------------

MIB = 1 << 20
BIG = 16 * MIB
# gnutls-cli --inline-commands: a client-initiated re-handshake
RENEGOTIATE = b"^renegotiate^\n"


def wait_quiet_then(proc, cond, data):
    """Write data once cond() holds (the peer has read everything
    before it), so that it arrives as a read of its own."""
    check(wait_for(cond), "the transfer stalled before the command")
    time.sleep(0.2)
    check(proc.write(data), "the command could not be written")


DATA_LINE = re.compile(rb"[a-z0-9]{63}\n")


def find_data(out, data):
    """The data inside the output of a program that also prints its
    messages there (s_client/s_server without -quiet): the lines of
    text_data() (63 lowercase letters or digits), in order; the messages
    come between our writes, which end lines."""
    return b"".join(m.group(0) for m in DATA_LINE.finditer(out))


def upload(tmp, client, srv_args, size, steps=(), want_srv=()):
    """A client sends size bytes to mxtls-server --stdout (gnutls-cli
    writes what it receives a byte per system call: too slow for an echo
    of megabytes). steps: (offset, command, wait) -- once the server has
    the data up to offset, the command goes to the client's standard
    input as a line of its own, and wait() must hold before more data
    goes. Returns the server's messages and the client."""
    port = free_port()
    s = server(ours_server(port, "--max-conn", "1", "--stdout", *srv_args), tmp, "ours", port,
               stdin=subprocess.DEVNULL)
    try:
        data = text_data(size)
        c = Proc(client(port), tmp, "client")
        off = 0
        for at, cmd, cond in list(steps) + [(len(data), None, None)]:
            check(c.write(data[off:at]), "the client is gone\n" + c.err()[-600:])
            off = at
            check(wait_for(lambda: s.out_len() >= at or s.p.poll() is not None),
                  "the server got %d of %d bytes\n%s\n%s" % (s.out_len(), at, s.err(),
                                                              c.err()[-600:]))
            if cmd:
                time.sleep(0.1)
                check(c.write(cmd), "the client is gone\n" + c.err()[-600:])
                check(wait_for(lambda: cond(s, c)), "after %r:\n%s\n%s" % (cmd, s.err(),
                                                                           c.err()[-800:]))
        c.close_stdin()
        rc = finish(s, "mxtls-server")
        c.wait(5)
        check(s.out() == data, "the server's data differs (%d of %d bytes)" % (s.out_len(),
                                                                              len(data)))
        check(rc == 0, "mxtls-server exit %s\n%s" % (rc, s.err()))
        for w in want_srv:
            check(w in s.err(), "%r not in\n%s" % (w, s.err()))
        return s.err(), c
    finally:
        s.stop()


def reneg_cases(policy):
    cases = []
    half = BIG // 2
    full = ["--cipher", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]

    def ours_client_gnutls(tmp):
        err, s = ours_vs_gnutls_serv(tmp, "NORMAL:-VERS-TLS1.3", ["--rehandshake"] + full,
                                     size=BIG, want=["renegotiated: "])
        check("re-handshake started" in err, err)

    def to_s_server(tmp, cli_args, size):
        """ours-client sends size bytes to s_server (-quiet: its output
        is the data); the client's messages."""
        port = free_port()
        s = server(s_server(port, "-tls1_2", "-quiet", "-client_renegotiation"), tmp,
                   "s_server", port)
        try:
            data = text_data(size)
            c = Proc(ours_client(port, *cli_args), tmp, "ours")
            threading.Thread(target=c.write, args=(data,), daemon=True).start()
            check(wait_for(lambda: s.out_len() >= len(data) or c.p.poll() is not None),
                  "s_server got %d of %d\n%s" % (s.out_len(), len(data), c.err()))
            c.close_stdin()
            s.close_stdin()
            rc = finish(c, "mxtls-client")
            check(rc == 0 and "renegotiated: " in c.err(), c.err())
            check(s.out() == data, "s_server's data differs")
            return c.err()
        finally:
            s.stop()

    def ours_client_openssl(tmp):
        to_s_server(tmp, ["--rehandshake"] + full, BIG)

    def ours_server_side(tmp, client, extra_srv=(), want=("renegotiated: ",)):
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1", "--rehandshake", *extra_srv), tmp,
                   "ours", port, stdin=subprocess.DEVNULL)
        try:
            data = text_data(BIG)
            _, c = echo_through(tmp, client(port), data, "client")
            check(c.out() == data, "echo: %d of %d bytes\n%s\n%s" %
                  (c.out_len(), len(data), c.err()[-600:], s.err()))
            rc = finish(s, "mxtls-server")
            check(rc == 0, "mxtls-server exit %s\n%s" % (rc, s.err()))
            for w in want:
                check(w in s.err(), "%r not in\n%s" % (w, s.err()))
        finally:
            s.stop()

    def ours_server_openssl(tmp):
        ours_server_side(tmp, lambda p: s_client(p, "-tls1_2", "-quiet"))

    def ours_server_gnutls(tmp):
        upload(tmp, lambda p: gnutls_cli(p, "NORMAL:-VERS-TLS1.3"), ["--rehandshake"], BIG,
               want_srv=["renegotiated: "])

    def auth_openssl(tmp):
        ours_server_side(tmp, lambda p: s_client(p, "-tls1_2", "-quiet", "-cert",
                                                 d("client.pem"), "-key", d("client.key")),
                         ["--rehandshake-auth", "--ca", d("client-ca.pem")],
                         ["renegotiated: TLS 1.2", ", client authenticated"])

    def auth_gnutls(tmp):
        upload(tmp, lambda p: gnutls_cli(p, "NORMAL:-VERS-TLS1.3", "--x509certfile",
                                         d("client.pem"), "--x509keyfile", d("client.key")),
               ["--rehandshake", "--rehandshake-auth", "--ca", d("client-ca.pem")], BIG,
               want_srv=["renegotiated: TLS 1.2", ", client authenticated"])

    def s_client_R(tmp):
        """s_client's "R" in the middle of 16 MiB echoed by ours."""
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1"), tmp, "ours", port,
                   stdin=subprocess.DEVNULL)
        try:
            data = text_data(BIG)
            c = Proc(s_client(port, "-tls1_2"), tmp, "s_client")
            c.write(data[:half])
            wait_quiet_then(c, lambda: c.out_len() >= half, b"R\n")
            check(wait_for(lambda: "renegotiated" in s.err()), "no re-handshake:\n" + s.err())
            c.write(data[half:])
            check(wait_for(lambda: c.out_len() >= len(data) and
                           len(find_data(c.out(), data)) == len(data)),
                  "echo incomplete\n" + c.err()[-600:])
            check(find_data(c.out(), data) == data, "echo differs")
            c.stop()
            finish(s, "mxtls-server")
            check("renegotiated: TLS 1.2" in s.err(), s.err())
            check("RENEGOTIATING" in c.err(), c.err()[-400:])
        finally:
            s.stop()

    def gnutls_cli_rh(tmp):
        """gnutls-cli's ^renegotiate^ in the middle of 16 MiB to ours."""
        _, c = upload(tmp, lambda p: gnutls_cli(p, "NORMAL:-VERS-TLS1.3", "--inline-commands"),
                      [], BIG, [(half, RENEGOTIATE, lambda s, c: "renegotiated" in s.err())],
                      want_srv=["renegotiated: TLS 1.2"])
        check("ReHandshake was completed" in c.err(), c.err()[-500:])

    def s_server_r(tmp, cmd, cli_extra, srv_extra, want_srv=()):
        """s_server's "r" or "R" in the middle of 16 MiB from ours."""
        port = free_port()
        s = server(s_server(port, "-tls1_2", *srv_extra), tmp, "s_server", port)
        try:
            data = text_data(BIG)
            c = Proc(ours_client(port, *cli_extra), tmp, "ours")
            c.write(data[:half])
            check(wait_for(lambda: s.out_len() >= half and
                           len(find_data(s.out(), data[:half])) == half),
                  "s_server got too little\n" + c.err())
            time.sleep(0.2)
            s.write(cmd)
            check(wait_for(lambda: "renegotiated" in c.err()), "no re-handshake:\n" +
                  c.err() + s.err()[-600:])
            c.write(data[half:])
            check(wait_for(lambda: s.out_len() >= len(data) and
                           len(find_data(s.out(), data)) == len(data)),
                  "s_server got too little\n" + c.err())
            got = find_data(s.out(), data)
            if got != data:
                at = next(i for i in range(len(data)) if got[i] != data[i])
                raise CaseError("data differs at %d: %r" % (at, got[at - 40:at + 200]))
            c.close_stdin()
            rc = finish(c, "mxtls-client")
            check(rc == 0, c.err())
            for w in want_srv:
                check(w in s.text(), "%r not in s_server's output:\n%s" % (w, s.text()[-1500:]))
        finally:
            s.stop()

    def s_server_rekey(tmp):
        s_server_r(tmp, b"r\n", full, [])

    def s_server_auth(tmp):
        # "R" asks for a certificate: ours sends its own (the handshake
        # before had none); s_server verifies it against client-ca.pem.
        s_server_r(tmp, b"R\n", full + ["--cert", d("client.pem"), "--key", d("client.key")],
                   ["-CAfile", d("client-ca.pem"), "-verify_return_error"],
                   want_srv=["CN = mxtls client", "verify return:1"])

    def gnutls_serv_rh(tmp):
        """gnutls-serv's rehandshake request (asked for by **REHANDSHAKE**
        in the data) in the middle of 16 MiB echoed back to ours."""
        port = free_port()
        s = server(gnutls_serv(port, "NORMAL:-VERS-TLS1.3"), tmp, "gnutls-serv", port,
                   stdin=subprocess.DEVNULL)
        try:
            data = text_data(BIG)
            c = Proc(ours_client(port, *full), tmp, "ours")
            c.write(data[:half])
            wait_quiet_then(c, lambda: c.out_len() >= half, b"**REHANDSHAKE**\n")
            check(wait_for(lambda: "renegotiated" in c.err()), "no re-handshake:\n" +
                  c.err() + s.text()[-600:])
            c.write(data[half:])
            # gnutls-serv answers the command line with a line of its own.
            check(wait_for(lambda: c.out_len() >= len(data) and
                           len(find_data(c.out(), data)) == len(data)), "echo incomplete")
            check(find_data(c.out(), data) == data, "echo differs")
            check(b"Successfully executed command\n" in c.out(), "no answer to the command")
            c.close_stdin()
            check(finish(c, "mxtls-client") == 0, c.err())
        finally:
            s.stop()

    def cipher_change(tmp):
        new = "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
        ours_vs_gnutls_serv(tmp, "NORMAL:-VERS-TLS1.3", full + ["--rehandshake-cipher", new],
                            size=MIB, want=["renegotiated: " + new])
        err = to_s_server(tmp, ["--rehandshake=%d" % (MIB // 2)] + full +
                          ["--rehandshake-cipher", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"], MIB)
        check("renegotiated: TLS_DHE_RSA_WITH_AES_256_GCM_SHA384" in err, err)

    def credits(tmp):
        """A peer's second re-handshake within the credit gets
        no_renegotiation (OpenSSL's client ends the session on it)."""
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1"), tmp, "ours", port,
                   stdin=subprocess.DEVNULL)
        try:
            data = text_data(MIB)
            c = Proc(s_client(port, "-tls1_2"), tmp, "s_client")
            c.write(data[:half // 16])
            wait_quiet_then(c, lambda: len(find_data(c.out(), data)) >= half // 16, b"R\n")
            check(wait_for(lambda: "renegotiated" in s.err()), "no re-handshake:\n" + s.err())
            c.write(data[half // 16:])
            check(wait_for(lambda: c.out_len() >= len(data) and
                           len(find_data(c.out(), data)) == len(data)), "echo incomplete")
            check(find_data(c.out(), data) == data, "echo differs")
            time.sleep(0.2)
            c.write(b"R\n")
            check(wait_for(lambda: c.p.poll() is not None), "s_client goes on")
            check(re.search(r"no renegotiation", c.err(), re.I), c.err()[-500:])
            check(finish(s, "mxtls-server") is not None, "")
            check(s.err().count("renegotiated") == 1, s.err())
            check("fatal alert 40 from the peer" in s.err(), s.err())
        finally:
            s.stop()

    legacy = "NORMAL:-VERS-TLS1.3:%DISABLE_SAFE_RENEGOTIATION"

    def legacy_client_default(tmp):
        """A client without RFC 5746: connects, but its re-handshake
        gets no_renegotiation, and ours cannot start one."""
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1", "--stdout"), tmp, "ours", port,
                   stdin=subprocess.DEVNULL)
        try:
            data = text_data(65536)
            c = Proc(gnutls_cli(port, legacy, "--inline-commands"), tmp, "gnutls-cli")
            c.write(data)
            check(wait_for(lambda: s.out_len() >= len(data)), "the server got too little")
            check(s.out() == data, "the server's data differs")
            time.sleep(0.1)
            c.write(RENEGOTIATE)
            check(wait_for(lambda: "Received alert [100]" in c.err()), c.err()[-500:])
            c.stop()
            finish(s, "mxtls-server")
            check("renegotiated" not in s.err(), s.err())
        finally:
            s.stop()
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1", "--rehandshake=1000"), tmp, "ours2",
                   port, stdin=subprocess.DEVNULL)
        try:
            c = Proc(gnutls_cli(port, legacy), tmp, "g2")
            c.write(text_data(65536))
            c.close_stdin()
            finish(s, "mxtls-server")
            c.stop()
            check("cannot start a re-handshake (-" in s.err(), s.err())
        finally:
            s.stop()

    def legacy_server_default(tmp):
        """A server without RFC 5746: ours connects, does not start a
        re-handshake, and refuses the server's request (gnutls-serv
        then ends the session)."""
        port = free_port()
        s = server(gnutls_serv(port, legacy, "-d", "5"), tmp, "gnutls-serv", port,
                   stdin=subprocess.DEVNULL)
        try:
            c = Proc(ours_client(port, "--send", "65536", "--rehandshake"), tmp, "ours",
                     stdin=subprocess.DEVNULL)
            finish(c, "mxtls-client")
            check(c.p.returncode != 0 and "cannot start a re-handshake" in c.err(), c.err())
            data = text_data(65536)
            c = Proc(ours_client(port), tmp, "ours2")
            c.write(data)
            check(wait_for(lambda: c.out_len() >= len(data)), "echo incomplete\n" + c.err())
            check(c.out() == data, "echo differs")
            time.sleep(0.1)
            c.write(b"**REHANDSHAKE**\n")
            check(wait_for(lambda: "Alert[1|100]" in s.text()), s.text()[-600:])
            c.stop()
            check("renegotiated" not in c.err(), c.err())
        finally:
            s.stop()

    def legacy_require(tmp):
        """REQUIRE_SECURE_REHANDSHAKES: no session at all with a peer
        lacking RFC 5746 (handshake_failure), either side."""
        port = free_port()
        s = server(ours_server(port, "--max-conn", "1"), tmp, "ours", port,
                   stdin=subprocess.DEVNULL)
        try:
            # -d 5: GnuTLS logs the alerts it gets, Alert[level|description].
            rc, out = run_once(tmp, gnutls_cli(port, legacy, "-d", "5"))
            check(rc != 0 and "Alert[2|40]" in out, out[-600:])
            finish(s, "mxtls-server")
        finally:
            s.stop()
        port = free_port()
        s = server(gnutls_serv(port, legacy, "-d", "5"), tmp, "gnutls-serv", port,
                   stdin=subprocess.DEVNULL)
        try:
            c = Proc(ours_client(port, "--send", "1000"), tmp, "ours", stdin=subprocess.DEVNULL)
            finish(c, "mxtls-client")
            check(c.p.returncode != 0 and "echoed" not in c.err(), c.err())
            check(wait_for(lambda: "Alert[2|40]" in s.text(), 3), s.text()[-600:])
        finally:
            s.stop()
        # Secure peers are fine.
        ours_client_gnutls(tmp)

    def legacy_insecure(tmp):
        """ENABLE_INSECURE_REHANDSHAKES (not recommended): legacy peers
        may renegotiate."""
        err, c = upload(tmp, lambda p: gnutls_cli(p, legacy, "--inline-commands"), [], 65536,
                        [(32768, RENEGOTIATE, lambda s, c: "renegotiated" in s.err())])
        check("ReHandshake was completed" in c.err(), c.err()[-500:])

    if policy == "default":
        cases += [
            ("reneg: ours-client --rehandshake in 16 MiB echoed by gnutls-serv",
             ours_client_gnutls),
            ("reneg: ours-client --rehandshake in 16 MiB to openssl s_server", ours_client_openssl),
            ("reneg: ours-server --rehandshake in 16 MiB echoed to openssl s_client",
             ours_server_openssl),
            ("reneg: ours-server --rehandshake in 16 MiB echoed to gnutls-cli",
             ours_server_gnutls),
            ("reneg: openssl s_client R in 16 MiB echoed by ours-server", s_client_R),
            ("reneg: gnutls-cli ^renegotiate^ in 16 MiB echoed by ours-server", gnutls_cli_rh),
            ("reneg: openssl s_server r in 16 MiB from ours-client", s_server_rekey),
            ("reneg: openssl s_server R adds client auth in 16 MiB from ours-client",
             s_server_auth),
            ("reneg: gnutls-serv rehandshake request in 16 MiB echoed to ours-client",
             gnutls_serv_rh),
            ("reneg: ours-server adds client auth by re-handshake (openssl s_client, 16 MiB)",
             auth_openssl),
            ("reneg: ours-server adds client auth by re-handshake (gnutls-cli, 16 MiB)",
             auth_gnutls),
            ("reneg: ours-client changes the cipher suite by re-handshake", cipher_change),
            ("reneg: a peer's second re-handshake within the credit gets no_renegotiation",
             credits),
            ("reneg: default policy, legacy client: re-handshakes refused both ways",
             legacy_client_default),
            ("reneg: default policy, legacy server: re-handshakes refused both ways",
             legacy_server_default),
        ]
    elif policy == "require":
        cases += [("reneg: require policy: legacy peers refused with handshake_failure",
                   legacy_require)]
    elif policy == "insecure":
        cases += [("reneg: insecure policy: a legacy client renegotiates", legacy_insecure)]
    return cases


def run_case(case):
    name, fn = case
    with tempfile.TemporaryDirectory(prefix="mxtls-interop-") as tmp:
        t0 = time.time()
        try:
            fn(tmp)
            return True, "", time.time() - t0
        except CaseError as e:
            return False, str(e), time.time() - t0
        except (subprocess.TimeoutExpired, OSError) as e:
            return False, "%s: %s" % (type(e).__name__, e), time.time() - t0


def main():
    global BIN
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(TOP, "build", "bin"))
    ap.add_argument("--policy", default="default",
                    choices=("default", "require", "insecure", "anon"))
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--only", default="", help="run cases whose name has this")
    ap.add_argument("groups", nargs="*")
    a = ap.parse_args()
    BIN = os.path.abspath(a.bin)
    groups = a.groups or ["kx", "ext", "reneg"]
    cases = []
    if a.policy == "default":
        if "kx" in groups:
            cases += kx_cases()
        if "ext" in groups:
            cases += ext_cases()
    if a.policy == "anon":
        cases += anon_cases()
    elif "reneg" in groups:
        cases += reneg_cases(a.policy)
    cases = [c for c in cases if a.only in c[0]]
    failed = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            for i, (case, res) in enumerate(zip(cases, ex.map(run_case, cases)), 1):
                ok, detail, secs = res
                failed += not ok
                print("%s %d %s (%.1f s)" % ("ok" if ok else "not ok", i, case[0], secs))
                for line in detail.strip().splitlines()[-20:]:
                    print("    # " + line)
                sys.stdout.flush()
    finally:
        with _procs_lock:
            for p in list(_procs):
                if p.poll() is None:
                    p.kill()
                    p.wait()
    print("# interop_ext (%s): %d tests, %d failed" % (a.policy, len(cases), failed))
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
