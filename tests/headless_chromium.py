"""Open a page in Debian's headless Chromium and ask it what it shows, over the
DevTools protocol (a websocket; aiohttp is already locked): no Selenium or
Playwright in the lock for a handful of questions. Chromium starts with the
flags this machine's closed network needs, an empty profile, and a log of every
request the page makes, so a test can check that a page loads nothing from
outside itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",  # tests run as root here
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
)


class Page:
    """One tab: `evaluate` a JavaScript expression, read `requests` made so far."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._next_id = 0
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        wanted = self._next_id
        await self._socket.send_str(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            message = json.loads((await self._socket.receive(timeout=30)).data)
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif message.get("method") == "Page.javascriptDialogOpening":
                self.dialogs.append(message["params"]["message"])
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")


async def _open(url: str, check: Any) -> Any:
    assert CHROMIUM is not None
    # Chromium's helper processes may still be writing the profile as it goes.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        log = Path(profile) / "chromium.log"  # a file, not a pipe nobody drains
        with log.open("w") as sink:
            browser = subprocess.Popen(
                [CHROMIUM, *FLAGS, f"--user-data-dir={profile}/data", "about:blank"],
                stdout=subprocess.DEVNULL,
                stderr=sink,
                start_new_session=True,  # its own group: stopped with all its helpers
            )
        try:
            port = None
            for _ in range(300):  # "DevTools listening on ws://127.0.0.1:PORT/..."
                found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", log.read_text())
                if found:
                    port = int(found.group(1))
                    break
                if browser.poll() is not None:
                    break
                await asyncio.sleep(0.05)
            assert port is not None, f"chromium did not start: {log.read_text()[-2000:]}"
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                    targets = await response.json()
                target = next(t for t in targets if t.get("type") == "page")
                async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    page = Page(ws)
                    await page.send("Network.enable")
                    await page.send("Page.enable")
                    await page.send("Page.navigate", url=url)
                    loaded = (
                        f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
                    )
                    for _ in range(200):
                        if await page.evaluate(loaded):
                            break
                        await asyncio.sleep(0.05)
                    else:
                        raise AssertionError(f"{url} did not load")
                    return await check(page)
        finally:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.wait()


def inspect_page(path: Path, check: Any) -> Any:
    """Open `path` and return `await check(page)`."""
    return asyncio.run(_open(path.resolve().as_uri(), check))
