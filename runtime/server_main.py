"""Entry point of the loopback server process: `llama_cpp.server`, plus a watch on
the process that started it. When that process goes away (killed outright, so it
never stopped us in order) the server exits too, instead of lingering and holding
a model in memory and a port."""

from __future__ import annotations

import os
import runpy
import signal
import threading
import time

POLL_SECONDS = 1.0


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:  # re-parented: the starter has exited
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
            os._exit(1)


def main() -> None:
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
