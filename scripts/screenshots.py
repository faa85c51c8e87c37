"""Screenshots of the main pages, taken in headless Chromium: `make screenshots`.

Serves Jobboard with the demo data from a data folder of its own (var/screenshots), signs in
as the demo seeker for the pages of one's own, and writes PNGs to docs/screenshots/, which
the README shows. Needs the `chromium` browser (apt-get install -y chromium).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
DATA = ROOT / "var" / "screenshots"
SEEKER = "seeker@jobboard.example"
PASSWORD = "jobboard-demo-password"  # noqa: S105 - the published demo password


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "JOBBOARD_DATA_DIR": str(DATA), "JOBBOARD_LOG_LEVEL": "WARNING"}
    env.pop("JOBBOARD_DATABASE_URL", None)
    return subprocess.Popen(  # noqa: S603 - our own command
        [
            sys.executable,
            "-c",
            "from jobboard.cli import app; app()",
            "serve",
            "--port",
            str(port),
            "--demo",
        ],
        env=env,
        cwd=ROOT,
    )


def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(1200):
        if process.poll() is not None:
            raise SystemExit("jobboard serve stopped before it answered")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise SystemExit("jobboard serve did not become ready")


async def _shoot(page: Page, base: str, path: str, name: str) -> None:
    await page.goto(base + path)
    await page.wait_for_load_state("networkidle")
    await page.screenshot(path=str(OUT / f"{name}.png"))
    print(f"  {name}.png  {path}")


async def _take(base: str) -> None:
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-background-networking", "--no-first-run"],
        )
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        await _shoot(page, base, "/", "home")
        await _shoot(page, base, "/categories/senior-back-end-developer", "category")
        await _shoot(page, base, "/jobs?q=python&workplace=remote", "search")
        await page.goto(base + "/jobs?q=golang&sort=newest")
        first_job = await page.locator(".job-list a").first.get_attribute("href")
        await _shoot(page, base, first_job or "/jobs", "job")
        await _shoot(page, base, "/skills/kubernetes", "skill")
        await page.goto(base + "/account/signin")
        await page.get_by_label("E-mail address").fill(SEEKER)
        await page.get_by_label("Password").fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_load_state("networkidle")
        await _shoot(page, base, "/me/applications", "applications")
        mobile = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone = await mobile.new_page()
        await _shoot(phone, base, "/jobs?q=react", "search-phone")
        await browser.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = _serve(port)
    try:
        _wait(base, process)
        print(f"screenshots of {base} into {OUT.relative_to(ROOT)}/")
        asyncio.run(_take(base))
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
