"""The dashboard under 16 concurrent clients for 30 s against gunicorn with 2 workers on loopback."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

PORT = 8765


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _login(port: int, username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    r = conn.getresponse()
    body = r.read().decode()
    cookie = r.getheader("Set-Cookie", "").split(";")[0]
    token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    conn.request("POST", "/accounts/login/", body=data, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
        "Referer": f"http://127.0.0.1:{port}/accounts/login/"})  # fmt: skip
    r = conn.getresponse()
    r.read()
    cookies = [c.split(";")[0] for c in (r.headers.get_all("Set-Cookie") or [])]
    session = next((c for c in cookies if c.startswith("sessionid=")), None)
    if r.status != 302 or session is None:
        raise RuntimeError(f"login failed: {r.status}")
    return session


def run(clients: int = 16, seconds: float = 30.0) -> dict:
    from django.conf import settings

    from pcmd.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-leader", defaults={"full_name": "Bench"})
    user.set_password("bench-password-1")
    user.save()
    from pcmd.accounts.models import Agency, Membership, Role
    from pcmd.geography.models import AdminUnit

    province = AdminUnit.objects.get(code="96", level="province")
    agency, _ = Agency.objects.get_or_create(code="bench", defaults={"name": "Bench", "unit": province})
    Membership.objects.get_or_create(user=user, agency=agency, unit=province, role=Role.LEADER)
    port = _free_port()
    # The load is the dashboard's, not the sign-in's: the leader's second factor is off for this server.
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "PCMD_HTTPS": "false",
           "DATABASE_URL": os.environ["DATABASE_URL"], "SECRET_KEY": settings.SECRET_KEY, "PCMD_2FA_ROLES": ""}  # fmt: skip
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(gunicorn), "pcmd.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                             "--log-level", "warning"], env=env, start_new_session=True)  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        session = _login(port, "bench-leader", "bench-password-1")
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        stop = time.perf_counter() + seconds

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.perf_counter() < stop:
                t = time.perf_counter()
                try:
                    conn.request("GET", "/", headers={"Cookie": session})
                    r = conn.getresponse()
                    body = r.read()
                    ok = r.status == 200 and b'id="row-T10"' in body
                except Exception:
                    ok = False
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt) if ok else errors.__setitem__(0, errors[0] + 1)

        # One request first: the figures are computed once and then served from the cache until data changes.
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/", headers={"Cookie": session})
        conn.getresponse().read()
        cold = time.perf_counter() - t0
        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    latencies.sort()

    def q(p: float) -> float:
        return (
            latencies[min(int(p * len(latencies)), len(latencies) - 1)] * 1000 if latencies else float("nan")
        )

    summary = {"clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies), "errors": errors[0],
               "rps": round(len(latencies) / elapsed, 1), "p50_ms": round(q(0.50), 1), "p95_ms": round(q(0.95), 1),
               "first_request_ms": round(cold * 1000, 1),
               "mean_ms": round(statistics.mean(latencies) * 1000, 1) if latencies else None}  # fmt: skip
    table = [f"{'clients':>8}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'first ms':>10}",
             f"{clients:>8}{summary['rps']:>8}{summary['p50_ms']:>9}{summary['p95_ms']:>9}{errors[0]:>8}{summary['first_request_ms']:>10}"]  # fmt: skip
    return {"summary": summary, "table": table}
