#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Interop of mxtls-client and mxtls-server with OpenSSL and GnuTLS over
loopback, as TAP lines ("ok N name" / "not ok N name").

For every protocol version and cipher suite both peers support (legacy
ones through OpenSSL's @SECLEVEL=0), with and without client
authentication:
  ours-client -> openssl s_server: 1 MiB each way, byte for byte; then a
                 full and a resumed handshake
  ours-client -> gnutls-serv --echo: 1 MiB echoed, full and resumed
  openssl s_client -> mxtls-server --echo: 1 MiB echoed; -reconnect resumes
  gnutls-cli -> mxtls-server --echo: 1 MiB echoed; -r resumes

  scripts/interop.py [BUILD_DIR [SUITE_SUBSTRING]]   (default build/, all)

BUILD_DIR/bin holds the programs (scripts/config-matrix.sh runs this on
its USE_ARC4 build for the RC4 suites); the test data is build/tls-testdata.
Every wait is bounded; every process started is ended.
"""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(TOP, "build")
BIN = os.path.join(BUILD, "bin")
DATA = os.path.join(TOP, "build", "tls-testdata")
ONLY = sys.argv[2] if len(sys.argv) > 2 else ""
MIB = 1 << 20
TIMEOUT = 15

# (ours, openssl -min/-max_protocol, gnutls priority, wire)
VERSIONS = [
    ("tls1.0", "TLSv1", "VERS-TLS1.0", 0x0301),
    ("tls1.1", "TLSv1.1", "VERS-TLS1.1", 0x0302),
    ("tls1.2", "TLSv1.2", "VERS-TLS1.2", 0x0303),
]

# (IANA name, OpenSSL name or None, GnuTLS cipher+MAC or None, lowest version)
SUITES = [
    ("TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", "+AES-128-CBC:+SHA1", 0x0301),
    ("TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", "+AES-256-CBC:+SHA1", 0x0301),
    ("TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", "+AES-128-CBC:+SHA256", 0x0303),
    ("TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", "+AES-256-CBC:+SHA256", 0x0303),
    ("TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", "+AES-128-GCM:+AEAD", 0x0303),
    ("TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", "+AES-256-GCM:+AEAD", 0x0303),
    ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA", "+3DES-CBC:+SHA1", 0x0301),
    # only in USE_ARC4 builds
    ("TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA", "+ARCFOUR-128:+SHA1", 0x0301),
    ("TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5", "+ARCFOUR-128:+MD5", 0x0301),
]

n = 0
failed = 0
procs = []


def tap(ok, name, detail=""):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%s %d %s" % ("ok" if ok else "not ok", n, name))
    for line in detail.strip().splitlines()[-12:]:
        print("    # " + line)
    sys.stdout.flush()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, proc):
    """Wait until something listens on the port, without connecting (a
    probe connection would count as one of the server's connections)."""
    want = ":%04X " % port
    end = time.time() + 10
    while time.time() < end:
        if proc.poll() is not None:
            return False
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(table) as f:
                    for line in f:
                        fields = line.split()
                        if len(fields) > 3 and fields[1].endswith(want.strip()) and \
                                fields[3] == "0A":
                            return True
            except OSError:
                pass
        time.sleep(0.02)
    return False


def start(cmd, **kw):
    p = subprocess.Popen(cmd, **kw)
    procs.append(p)
    return p


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(3)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if p in procs:
        procs.remove(p)


def feeder(pipe, data, hold=None):
    """Write data into pipe; close it once hold() is true (or at once)."""
    def run():
        try:
            pipe.write(data)
            pipe.flush()
            end = time.time() + TIMEOUT
            while hold and not hold() and time.time() < end:
                time.sleep(0.02)
            pipe.close()
        except (BrokenPipeError, ValueError, OSError):
            pass
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return -1


def wait_for(cond, secs=TIMEOUT):
    end = time.time() + secs
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def openssl_cipher(suite, v):
    return ["-cipher", suite[1] + ":@SECLEVEL=0", "-min_protocol", v[1], "-max_protocol", v[1]]


def gnutls_prio(suite, v):
    return ("NONE:+%s:+RSA:%s:+COMP-NULL:+SIGN-ALL:+CTYPE-X509:%%SERVER_PRECEDENCE"
            % (v[2], suite[2]))


def ours_client(v, suite, auth, extra):
    cmd = [os.path.join(BIN, "mxtls-client"), "--host", "localhost", "--ca",
           os.path.join(DATA, "ca.pem"), "--version", v[0], "--cipher", suite[0]]
    if auth:
        cmd += ["--cert", os.path.join(DATA, "client.pem"), "--key",
                os.path.join(DATA, "client.key")]
    return cmd + extra


def ours_server(v, suite, auth, port, conns):
    cmd = [os.path.join(BIN, "mxtls-server"), "--port", str(port), "--cert",
           os.path.join(DATA, "server-chain.pem"), "--key", os.path.join(DATA, "server.key"),
           "--version", v[0], "--cipher", suite[0], "--echo", "--max-conn", str(conns)]
    if auth:
        cmd += ["--ca", os.path.join(DATA, "client-ca.pem"), "--client-auth", "require"]
    return cmd


def status_ok(text, v, suite):
    want = {0x0301: "TLS 1.0", 0x0302: "TLS 1.1", 0x0303: "TLS 1.2"}[v[3]]
    return ("%s %s" % (want, suite[0])) in text


def client_vs_openssl(tmp, v, suite, auth, up, down, tag):
    # 1 MiB each way: s_server sends its stdin, writes what it gets.
    def srv_cmd(port, naccept):
        cmd = ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert",
               os.path.join(DATA, "server.pem"), "-key", os.path.join(DATA, "server.key"),
               "-quiet", "-naccept", str(naccept), "-no_ticket",
               # without -nbio s_server may block in SSL_read with its
               # standard input unread
               "-nbio"] + openssl_cipher(suite, v)
        if auth:
            cmd += ["-Verify", "1", "-CAfile", os.path.join(DATA, "client-ca.pem")]
        return cmd

    port = free_port()
    got_up, got_down = os.path.join(tmp, "up.out"), os.path.join(tmp, "down.out")
    with open(got_up, "wb") as o, open(os.path.join(tmp, "srv.err"), "wb") as e:
        srv = start(srv_cmd(port, 1), stdin=subprocess.PIPE, stdout=o, stderr=e)
    ok = wait_port(port, srv)
    detail = ""
    if ok:
        # s_server ends the connection when its standard input ends.
        feeder(srv.stdin, down, lambda: size(got_up) >= len(up) and
               size(got_down) >= len(down))
        cli_err = os.path.join(tmp, "cli.err")
        # Not communicate(): it would close the client's standard input
        # (the client's cue to close) before the feeder wants it closed.
        with open(got_down, "wb") as o, open(cli_err, "wb") as e:
            cli = start(ours_client(v, suite, auth, ["--port", str(port)]),
                        stdin=subprocess.PIPE, stdout=o, stderr=e)
            feeder(cli.stdin, up, lambda: size(got_down) >= len(down))
            try:
                cli.wait(TIMEOUT)
                detail = ""
            except subprocess.TimeoutExpired:
                detail = "mxtls-client timed out\n"
            stop(cli)
        detail += read(cli_err).decode(errors="replace")
        ok = (cli.returncode == 0 and status_ok(detail, v, suite) and
              read(got_up) == up and read(got_down) == down)
        detail += "\nexit %s; up %d of %d bytes, down %d of %d" % (
            cli.returncode, size(got_up), len(up), size(got_down), len(down))
    stop(srv)
    tap(ok, "ours-client -> openssl s_server %s: 1 MiB each way" % tag,
        "" if ok else detail + read(os.path.join(tmp, "srv.err")).decode(errors="replace"))

    # Full, then resumed.
    port = free_port()
    with open(os.path.join(tmp, "srv.err"), "wb") as e:
        srv = start(srv_cmd(port, 2), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                    stderr=e)
    ok = wait_port(port, srv)
    detail = ""
    if ok:
        cli = start(ours_client(v, suite, auth, ["--port", str(port), "--resume", "1"]),
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE)
        try:
            _, err = cli.communicate(timeout=TIMEOUT)
            detail = err.decode(errors="replace")
        except subprocess.TimeoutExpired:
            detail = "mxtls-client timed out"
        stop(cli)
        ok = cli.returncode == 0 and "resumed 1 of 1" in detail and status_ok(detail, v, suite)
    srv.stdin.close()
    stop(srv)
    tap(ok, "ours-client -> openssl s_server %s: full and resumed" % tag, "" if ok else detail)


def client_vs_gnutls(tmp, v, suite, auth, up, tag):
    port = free_port()
    cmd = ["gnutls-serv", "--echo", "--port", str(port), "--x509certfile",
           os.path.join(DATA, "server.pem"), "--x509keyfile",
           os.path.join(DATA, "server.key"), "--priority", gnutls_prio(suite, v)]
    if auth:
        cmd += ["--require-client-cert", "--verify-client-cert", "--x509cafile",
                os.path.join(DATA, "client-ca.pem")]
    with open(os.path.join(tmp, "srv.err"), "wb") as e:
        srv = start(cmd, stdin=subprocess.DEVNULL, stdout=e, stderr=e)
    ok = wait_port(port, srv)
    detail = ""
    if ok:
        cli = start(ours_client(v, suite, auth, ["--port", str(port), "--send",
                                                 str(len(up)), "--resume", "1"]),
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE)
        try:
            _, err = cli.communicate(timeout=TIMEOUT)
            detail = err.decode(errors="replace")
        except subprocess.TimeoutExpired:
            detail = "mxtls-client timed out"
        stop(cli)
        ok = (cli.returncode == 0 and "resumed 1 of 1" in detail and
              detail.count("echoed intact") == 2 and status_ok(detail, v, suite))
    stop(srv)
    tap(ok, "ours-client -> gnutls-serv %s: 1 MiB echoed, full and resumed" % tag,
        "" if ok else detail + read(os.path.join(tmp, "srv.err")).decode(errors="replace"))


def server_check(srv, detail, v, suite, conns):
    try:
        srv.wait(10)
    except subprocess.TimeoutExpired:
        stop(srv)
        return False, detail + "\nmxtls-server did not finish its connections"
    err = srv.stderr.read().decode(errors="replace")
    good = srv.returncode == 0 and err.count(suite[0]) == conns and status_ok(err, v, suite)
    return good, detail + "\n" + err


def openssl_vs_server(tmp, v, suite, auth, up, tag):
    port = free_port()
    srv = start(ours_server(v, suite, auth, port, 1 + 6), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ok = wait_port(port, srv)
    detail = ""
    got = os.path.join(tmp, "echo.out")
    base = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-CAfile",
            os.path.join(DATA, "ca.pem"), "-no_ticket"] + openssl_cipher(suite, v)
    if auth:
        base += ["-cert", os.path.join(DATA, "client.pem"), "-key",
                 os.path.join(DATA, "client.key")]
    if ok:
        with open(got, "wb") as o:
            cli = start(base + ["-quiet"], stdin=subprocess.PIPE, stdout=o,
                        stderr=subprocess.DEVNULL)
            feeder(cli.stdin, up, lambda: size(got) >= len(up))
            ok = wait_for(lambda: size(got) >= len(up)) and read(got) == up
            detail = "echo: %d of %d bytes" % (size(got), len(up))
            stop(cli)
        tap(ok, "openssl s_client -> ours-server %s: 1 MiB echoed" % tag, "" if ok else detail)
        r = subprocess.run(base + ["-reconnect"], stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT)
        out = r.stdout.decode(errors="replace")
        ok = out.count("\nReused,") == 5
        detail = "%d of 5 reconnections resumed" % out.count("\nReused,")
        good, detail = server_check(srv, detail, v, suite, 1 + 6)
        ok = ok and good
    else:
        tap(False, "openssl s_client -> ours-server %s: 1 MiB echoed" % tag, "no server")
    stop(srv)
    tap(ok, "openssl s_client -> ours-server %s: full and resumed (-reconnect)" % tag,
        "" if ok else detail)


def gnutls_vs_server(tmp, v, suite, auth, up, tag):
    port = free_port()
    srv = start(ours_server(v, suite, auth, port, 1 + 2), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ok = wait_port(port, srv)
    got = os.path.join(tmp, "echo.out")
    base = ["gnutls-cli", "--logfile", os.path.join(tmp, "gnutls.log"), "--port", str(port),
            "--x509cafile", os.path.join(DATA, "ca.pem"), "--priority", gnutls_prio(suite, v)]
    if auth:
        base += ["--x509certfile", os.path.join(DATA, "client.pem"), "--x509keyfile",
                 os.path.join(DATA, "client.key")]
    detail = ""
    if ok:
        with open(got, "wb") as o:
            r = subprocess.run(base + ["localhost"], input=up, stdout=o,
                               stderr=subprocess.PIPE, timeout=TIMEOUT)
        ok = r.returncode == 0 and read(got) == up
        detail = "echo: %d of %d bytes\n%s" % (size(got), len(up),
                                               r.stderr.decode(errors="replace"))
        tap(ok, "gnutls-cli -> ours-server %s: 1 MiB echoed" % tag, "" if ok else detail)
        r = subprocess.run(base + ["-r", "localhost"], stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT)
        out = r.stdout.decode(errors="replace") + read(os.path.join(tmp, "gnutls.log")).decode(
            errors="replace")
        ok = "This is a resumed session" in out
        good, detail = server_check(srv, out, v, suite, 1 + 2)
        ok = ok and good
    else:
        tap(False, "gnutls-cli -> ours-server %s: 1 MiB echoed" % tag, "no server")
    stop(srv)
    tap(ok, "gnutls-cli -> ours-server %s: full and resumed (-r)" % tag, "" if ok else detail)


def ours_has(suite):
    r = subprocess.run([os.path.join(BIN, "mxtls-client"), "--host", "127.0.0.1", "--port",
                        "1", "--cipher", suite[0]], capture_output=True)
    return b"unknown cipher" not in r.stderr


def openssl_has(suite, v):
    r = subprocess.run(["openssl", "ciphers", "-s", "-" + v[1].replace(".", "_").lower()
                        .replace("tlsv1", "tls1"), suite[1] + ":@SECLEVEL=0"],
                       capture_output=True)
    return r.returncode == 0 and suite[1].encode() in r.stdout


def main():
    up = os.urandom(MIB)
    down = os.urandom(MIB)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for v in VERSIONS:
                for suite in SUITES:
                    if suite[3] > v[3] or ONLY not in suite[0] or not ours_has(suite):
                        continue
                    for auth in (False, True):
                        tag = "%s %s%s" % (v[0], suite[0], " client-auth" if auth else "")
                        if suite[1] and openssl_has(suite, v):
                            client_vs_openssl(tmp, v, suite, auth, up, down, tag)
                            openssl_vs_server(tmp, v, suite, auth, up, tag)
                        if suite[2]:
                            client_vs_gnutls(tmp, v, suite, auth, up, tag)
                            gnutls_vs_server(tmp, v, suite, auth, up, tag)
        finally:
            for p in list(procs):
                stop(p)
    print("# interop: %d tests, %d failed" % (n, failed))
    return 1 if failed or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
