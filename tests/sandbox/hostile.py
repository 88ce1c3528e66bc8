"""Hostile generated code: a backend test suite in which every test is an escape attempt that
passes only if the escape worked. In the sandbox, every one of them must fail."""

from __future__ import annotations

ATTEMPTS = (
    "test_reads_a_key_from_another_process",
    "test_reads_etc_shadow",
    "test_reaches_a_unix_socket_under_run",
    "test_reaches_redis_on_loopback",
    "test_reaches_postgres_on_loopback",
    "test_writes_outside_the_project",
    "test_writes_system_folders",
    "test_remounts_root_read_write",
    "test_signals_a_host_process",
    "test_sees_host_processes",
    "test_has_capabilities",
    "test_becomes_root",
    "test_sees_home_run_or_var",
    "test_makes_a_user_namespace",
)


def hostile_suite(*, secret: str, host_pid: int, outside: str) -> str:
    return f"""
import ctypes
import glob
import os
import signal
import socket
import subprocess

SECRET = {secret!r}
HOST_PID = {host_pid}
OUTSIDE = {outside!r}


def test_reads_a_key_from_another_process():
    found = []
    for path in glob.glob("/proc/*/environ"):
        try:
            with open(path, "rb") as handle:
                if SECRET.encode() in handle.read():
                    found.append(path)
        except OSError:
            pass
    assert found, "no key found"


def test_reads_etc_shadow():
    with open("/etc/shadow") as handle:
        assert handle.read()


def test_reaches_a_unix_socket_under_run():
    candidates = glob.glob("/run/**", recursive=True) + glob.glob("/var/run/**", recursive=True)
    candidates += ["/run/postgresql/.s.PGSQL.5432", "/var/run/postgresql/.s.PGSQL.5432", "/tmp/.s.PGSQL.5432"]
    reached = []
    for path in candidates:
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.connect(path)
            reached.append(path)
        except OSError:
            pass
        finally:
            sock.close()
    assert reached, "no socket reached"


def test_reaches_redis_on_loopback():
    with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
        sock.sendall(b"PING\\r\\n")
        assert sock.recv(16)


def test_reaches_postgres_on_loopback():
    socket.create_connection(("127.0.0.1", 5432), timeout=2).close()


def test_writes_outside_the_project():
    with open(OUTSIDE, "w") as handle:
        handle.write("escaped")


def test_writes_system_folders():
    written = []
    for folder in ("/usr", "/usr/local/bin", "/etc", "/", "/bin"):
        try:
            with open(os.path.join(folder, "escaped-by-sandbox-test"), "w") as handle:
                handle.write("x")
            written.append(folder)
        except OSError:
            pass
    assert written


def test_remounts_root_read_write():
    libc = ctypes.CDLL(None, use_errno=True)
    MS_REMOUNT, MS_BIND = 32, 4096
    results = [libc.mount(None, target, None, MS_REMOUNT | MS_BIND, None) for target in (b"/", b"/usr")]
    assert 0 in results, "remount refused: errno %d" % ctypes.get_errno()


def test_signals_a_host_process():
    os.kill(HOST_PID, signal.SIGTERM)


def test_sees_host_processes():
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    assert str(HOST_PID) in pids or len(pids) > 10, pids


def test_has_capabilities():
    with open("/proc/self/status") as handle:
        caps = {{k: v.strip() for k, v in (line.split(":", 1) for line in handle if line.startswith("Cap"))}}
    assert int(caps["CapEff"], 16) or int(caps["CapPrm"], 16) or int(caps["CapBnd"], 16), caps


def test_becomes_root():
    os.setuid(0)
    assert os.getuid() == 0


def test_sees_home_run_or_var():
    seen = [p for p in ("/home", "/run", "/var", "/root/.bashrc", "/root/.ssh", "/work") if os.path.exists(p)]
    assert seen


def test_makes_a_user_namespace():
    libc = ctypes.CDLL(None, use_errno=True)
    CLONE_NEWUSER = 0x10000000
    assert libc.unshare(CLONE_NEWUSER) == 0, "unshare refused: errno %d" % ctypes.get_errno()
"""
