"""make screens: screenshots of every demo role's home and main pages, at 1366×800 and 390×844, in var/screens/.

A fresh throwaway SQLite database (its own PCMD_VAR_DIR) gets the demo data from `pcmd bootstrap`, exactly as
`make run` seeds it; the server runs on a free port; Debian's Chromium, driven by Playwright, signs in as each
demo user (passing the second factor where the role needs it, with the code computed from the new device's key)
and saves the first screen of each page of pcmd.guide.shots.SHOTS. The user guide embeds these files.

    .venv/bin/python scripts/screens.py [--out var/screens] [--var-dir DIR] [--users congan,xa] [--full-page]

--var-dir keeps (or reuses) the demo database in DIR instead of a temporary directory.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from pcmd.guide.shots import BACKUP_CODES, LOGIN, SHOTS, SIZES, TWO_FACTOR_SETUP, Shot

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PCMD_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DROPPED_ENV = {"DATABASE_URL", "PCMD_DB", "PCMD_MEDIA_ROOT", "SECRET_KEY", "PCMD_FIELD_KEY", "PCMD_2FA_ROLES",
               "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}  # fmt: skip
PASSWORD = os.environ.get("PCMD_DEMO_PASSWORD", "pcmd-demo-2025")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp_now(var_dir: Path, username: str) -> str:
    """The current code of the user's authenticator device, as the phone app would show it (RFC 6238)."""
    with sqlite3.connect(var_dir / "pcmd.sqlite3") as db:
        key, step, t0, digits, last_t = db.execute(
            "SELECT d.key, d.step, d.t0, d.digits, d.last_t FROM otp_totp_totpdevice d "
            "JOIN accounts_user u ON u.id = d.user_id WHERE u.username = ? ORDER BY d.id DESC LIMIT 1",
            (username,),
        ).fetchone()
    counter = int(time.time() - t0) // step
    while counter <= last_t:  # a code is accepted once: wait for the next one
        time.sleep(1)
        counter = int(time.time() - t0) // step
    mac = hmac.new(bytes.fromhex(key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


class Camera:
    def __init__(self, page, out: Path, full_page: bool) -> None:
        self.page, self.out, self.full_page = page, out, full_page
        self.written: list[Path] = []

    def snap(self, name: str) -> None:
        """The page as it is now, at each size (the layout follows the viewport; no reload)."""
        for size, (width, height) in SIZES.items():
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.wait_for_timeout(150)
            path = self.out / f"{name}-{size}.png"
            self.page.screenshot(path=str(path), full_page=self.full_page)
            self.written.append(path)
        self.page.set_viewport_size({"width": SIZES["desktop"][0], "height": SIZES["desktop"][1]})


def sign_in(page, cam: Camera, base: str, var_dir: Path, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    if username == next(iter(SHOTS)):
        cam.snap(LOGIN)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/accounts/2fa/" not in page.url:
        return
    setup = page.locator("#otp-qr").count() > 0
    if setup:
        cam.snap(f"{username}-{TWO_FACTOR_SETUP}")
    page.get_by_label("Mã xác thực").fill(totp_now(var_dir, username))
    page.get_by_role("button", name="Xác nhận và bật xác thực hai lớp" if setup else "Tiếp tục").click()
    page.wait_for_load_state()
    if setup:
        cam.snap(f"{username}-{BACKUP_CODES}")
        page.get_by_role("link", name="Tiếp tục").click()
        page.wait_for_load_state()
    if "/accounts/2fa/" in page.url:
        raise SystemExit(f"{username}: mã xác thực hai lớp bị từ chối.")


def open_shot(page, base: str, shot: Shot) -> None:
    page.goto(f"{base}{shot.path}")
    if shot.follow:
        link = page.locator(shot.follow).first
        href = link.get_attribute("href") if link.count() else None
        if not href:
            raise SystemExit(f"{shot.path}: không có liên kết «{shot.follow}» để mở.")
        page.goto(f"{base}{href}")
        if page.get_by_role("button", name="Mở hồ sơ").count():  # a support case asks why it is read
            page.get_by_label("Mục đích truy cập").select_option(index=1)
            page.get_by_role("button", name="Mở hồ sơ").click()
    page.wait_for_load_state("networkidle")


def take(base: str, var_dir: Path, out: Path, users: list[str], full_page: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            for username in users:
                w, h = SIZES["desktop"]
                context = browser.new_context(locale="vi-VN", viewport={"width": w, "height": h})
                page = context.new_page()
                page.set_default_timeout(30000)
                cam = Camera(page, out, full_page)
                sign_in(page, cam, base, var_dir, username)
                for shot in SHOTS[username]:
                    open_shot(page, base, shot)
                    if page.url.rstrip("/").endswith("/accounts/login"):
                        raise SystemExit(f"{username}: bị đưa về trang đăng nhập khi mở {shot.path}.")
                    cam.snap(f"{username}-{shot.slug}")
                print(f"{username}: {len(cam.written)} ảnh")
                written += cam.written
                context.close()
        finally:
            browser.close()
    return written


def serve(var_dir: Path, env: dict[str, str], port: int) -> subprocess.Popen:
    pcmd = str(Path(sys.executable).with_name("pcmd"))
    subprocess.run([pcmd, "bootstrap"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [pcmd, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=(var_dir / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"Máy chủ dừng: xem {var_dir / 'server.log'}") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("Máy chủ không trả lời sau 60 giây.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screens")
    parser.add_argument("--var-dir", type=Path, default=None)
    parser.add_argument("--users", default=",".join(SHOTS))
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()
    users = [u.strip() for u in args.users.split(",") if u.strip()]
    unknown = [u for u in users if u not in SHOTS]
    if unknown:
        raise SystemExit(f"Không có người dùng mẫu: {', '.join(unknown)} (có: {', '.join(SHOTS)}).")
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="pcmd-screens-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # The throwaway database with its own keys and media, the second factor as shipped, plain HTTP.
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.update({"PCMD_VAR_DIR": str(var_dir), "DEBUG": "false", "PCMD_HTTPS": "false"})
    started = time.monotonic()
    server = serve(var_dir, env, port)
    try:
        written = take(f"http://127.0.0.1:{port}", var_dir, args.out, users, args.full_page)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if args.var_dir is None:
            shutil.rmtree(var_dir, ignore_errors=True)
    print(f"{len(written)} ảnh trong {args.out} ({time.monotonic() - started:.0f} s).")


if __name__ == "__main__":
    main()
