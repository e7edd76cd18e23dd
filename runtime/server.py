"""A loopback OpenAI-compatible server (`llama_cpp.server`) for a GGUF model.

With no remote provider configured, the remote tier is the embedded model behind
this server, called through LiteLLM over real HTTP, so the remote code path is
the one a paid provider would take. The server listens on 127.0.0.1 only, on a
free port, and is stopped (terminate, wait, kill) however the block exits.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from .backend import RuntimeSetupError
from .backends.llamacpp import default_threads

__all__ = ["LoopbackServer", "free_port"]

# Health checks go straight to 127.0.0.1, whatever HTTP_PROXY says.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port that was free a moment ago (bind to port 0, read it, release it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LoopbackServer:
    """`with LoopbackServer(path) as server:` runs `python -m llama_cpp.server` on
    127.0.0.1 until the block exits; `server.api_base` and `server.model_name` are
    what LiteLLM needs (`"openai/" + server.model_name`)."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        port: int | None = None,
        n_ctx: int = 32768,
        n_threads: int | None = None,
        startup_timeout: float = 120,
        model_name: str | None = None,
        chat_format: str | None = "alpaca",
        python: str | None = None,
    ) -> None:
        self._model_path = Path(model_path)
        self._port = port
        self._n_ctx = n_ctx
        self._n_threads = n_threads or default_threads()
        self._startup_timeout = startup_timeout
        self._model_name = model_name or self._model_path.stem
        # A GGUF without a chat template (a base model, like the embedded one) gets
        # llama-cpp-python's "llama-2" format by default, after which Gemma 270M base
        # mostly stops at once; under the Alpaca format ("### Instruction: /
        # ### Response:") it answers. A model with its own template should pass None.
        self._chat_format = chat_format
        self._python = python or sys.executable
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: tempfile._TemporaryFileWrapper[bytes] | None = None
        self._lock = threading.Lock()

    # -- what callers use ---------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeSetupError("the loopback server has not been started")
        return self._port

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model_path(self) -> Path:
        return self._model_path

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def chat_format(self) -> str | None:
        return self._chat_format

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the server and wait until it answers; idempotent."""
        with self._lock:
            if self.running:
                return
            if not self._model_path.is_file():
                raise RuntimeSetupError(f"model file not found: {self._model_path}")
            try:
                import llama_cpp.server  # noqa: F401  (its extra dependencies, really)
            except ImportError as exc:
                raise RuntimeSetupError(
                    f"the loopback server needs llama-cpp-python's server extra ({exc}); "
                    "install the `local` extra: `pip install 'minionc[local]'` (scripts/setup.sh "
                    "installs it)"
                ) from exc
            if self._port is None:
                self._port = free_port()
            # stderr goes to a file, not a pipe: a chatty server must never block
            # on a full pipe, and the file's tail explains a failed start.
            self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
                prefix="minionc-loopback-", suffix=".log", delete=False
            )
            cmd = [
                self._python,
                "-m",
                "minionc.runtime.server_main",
                "--model", str(self._model_path),
                "--model_alias", self._model_name,
                "--host", "127.0.0.1",
                "--port", str(self._port),
                "--n_ctx", str(self._n_ctx),
                "--n_threads", str(self._n_threads),
                "--n_threads_batch", str(self._n_threads),
                "--seed", "0",
                # The runtime sends concurrent requests to the remote tier; by
                # default the server aborts a running request when a new one comes.
                "--interrupt_requests", "false",
                # The server keeps every position's logits by default: n_ctx x vocab
                # floats, 32 GiB for Gemma at 32k context. Nothing here needs them.
                "--logits_all", "false",
                "--verbose", "false",
            ]  # fmt: skip
            if self._chat_format:
                cmd += ["--chat_format", self._chat_format]
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                # Its own process group: a Ctrl-C in the terminal reaches us, and
                # we stop the server in order, instead of both dying mid-request.
                start_new_session=True,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def stop(self, timeout: float = 10) -> None:
        """Terminate, wait, kill if it must; safe to call twice."""
        with self._lock:
            proc, self._proc = self._proc, None
            log, self._log = self._log, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout)
        if log is not None:
            log.close()
            Path(log.name).unlink(missing_ok=True)

    def log_tail(self, limit: int = 3000) -> str:
        """The last lines the server wrote (stderr and stdout)."""
        if self._log is None:
            return ""
        try:
            return Path(self._log.name).read_bytes()[-limit:].decode("utf-8", "replace").strip()
        except OSError:
            return ""

    # -- helpers ----------------------------------------------------------------

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._startup_timeout
        url = f"{self.api_base}/models"
        delay = 0.1
        while True:
            proc = self._proc
            if proc is None:
                raise RuntimeSetupError("the loopback server was stopped while starting")
            code = proc.poll()
            if code is not None:
                raise RuntimeSetupError(
                    f"the loopback server (llama_cpp.server) exited with code {code} "
                    f"while starting:\n{self.log_tail()}"
                )
            if self._answers(url):
                return
            if time.monotonic() > deadline:
                raise RuntimeSetupError(
                    f"the loopback server did not answer {url} within "
                    f"{self._startup_timeout:.0f}s:\n{self.log_tail()}"
                )
            time.sleep(delay)
            delay = min(delay * 1.5, 1.0)

    def _answers(self, url: str) -> bool:
        try:
            with _NO_PROXY.open(url, timeout=2) as response:
                if response.status != 200:
                    return False
                payload = json.loads(response.read() or b"{}")
        except (OSError, urllib.error.URLError, ValueError):
            return False
        with contextlib.suppress(AttributeError, TypeError):
            ids = {m.get("id") for m in payload.get("data", [])}
            return self._model_name in ids
        return True
