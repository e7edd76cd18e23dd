"""`minionc serve` as a client meets it: a real server process on loopback, the
embedded local model, a remote tier over HTTP (a scripted OpenAI-compatible
server), and the `openai` Python client and LiteLLM as clients. Errors come back
as OpenAI-style JSON with the right status; a client that disconnects cancels its
run; SIGTERM lets the run in flight finish, then the server stops cleanly."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from http_fakes import FakeOpenAI, Reply, chat_response
from repo_paths import ROOT

pytestmark = pytest.mark.model  # the server runs the embedded local model

TOKEN = "s3cret-token"
PROGRAM = '''
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
  example(document: "The sky is blue.", question: "What colour is the sky?") -> "blue"
}
prompt check(question: str, answer: str) -> str """Question: {{ question }} Answer: {{ answer }}"""
protocol qa(question: str, context: private doc) -> str {
  found = answer(context, question) @local(max_tokens: 8)
  checked = check(question, share found) @remote(max_tokens: 8)
  return found
}
protocol capped(question: str, context: private doc) -> str {
  budget local.calls <= 1
  first = answer(context, question) @local(max_tokens: 8)
  second = answer(context, first) @local(max_tokens: 8)
  return second
}
'''
DOCUMENT = "Acme Corp annual report. The chief executive is Dana Ortiz. The office is in Leeds."
LONG_DOCUMENT = " ".join(f"Sentence {n} says the code is {n * 7}." for n in range(160))


class Served:
    def __init__(self, process: subprocess.Popen[str], base: str, remote: FakeOpenAI) -> None:
        self.process = process
        self.base = base  # http://127.0.0.1:PORT/v1
        self.remote = remote

    def post(self, path: str, body: Any = None, token: str | None = TOKEN, **options: Any):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        options.setdefault("timeout", 300)
        if isinstance(body, bytes):
            return httpx.post(self.base + path, content=body, headers=headers, **options)
        return httpx.post(self.base + path, json=body, headers=headers, **options)

    def running(self) -> int:
        return httpx.get(self.base.removesuffix("/v1") + "/health", timeout=10).json()["running"]


def start(tmp_path: Path, remote: FakeOpenAI, *extra: str) -> Served:
    program = tmp_path / "qa.minion"
    program.write_text(PROGRAM, encoding="utf-8")
    env = {**os.environ, "OPENAI_API_KEY": "sk-fake", "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "minionc", "serve", str(program), "--port", "0"),
            *("--no-cache", "--remote", "openai/fake", "--api-base", remote.api_base),
            *("--token", TOKEN, "--protocol", "qa", "--protocol", "capped", *extra),
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:  # the server says where it listens once it is ready
        seen.append(line)
        found = re.search(r"serving qa, capped on (http://127\.0\.0\.1:\d+/v1)", line)
        if found:
            return Served(process, found.group(1), remote)
    process.wait(timeout=30)
    raise AssertionError("the server did not start:\n" + "".join(seen))


def stop(served: Served) -> tuple[int, str]:
    served.process.send_signal(signal.SIGTERM)
    code = served.process.wait(timeout=120)
    rest = served.process.stderr.read() if served.process.stderr else ""
    return code, rest


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with FakeOpenAI(
        [Reply(body=chat_response("yes", prompt_tokens=11, completion_tokens=2))]
    ) as remote:
        server = start(
            tmp_path_factory.mktemp("serve"),
            remote,
            "--max-request-bytes",
            "20000",
            "--concurrency",
            "1",
            "--queue",
            "0",
        )
        try:
            yield server
        finally:
            code, rest = stop(server)
            assert code == 0, rest


def test_the_openai_client_runs_a_protocol_with_usage_per_tier(served: Served) -> None:
    import openai

    client = openai.OpenAI(base_url=served.base, api_key=TOKEN)
    assert [m.id for m in client.models.list().data] == ["qa", "capped"]
    reply = client.chat.completions.create(
        model="qa",
        messages=[
            {"role": "system", "content": DOCUMENT},
            {"role": "user", "content": "Who is the chief executive?"},
        ],
    )
    answer = reply.choices[0].message.content
    assert isinstance(answer, str) and answer.strip()
    split = (reply.model_extra or {})["minionc"]["usage"]
    assert split["local"]["calls"] == 1 and split["remote"]["calls"] == 1
    assert split["remote"]["prompt_tokens"] == 11 and split["remote"]["completion_tokens"] == 2
    assert reply.usage is not None
    assert reply.usage.total_tokens == split["local"]["tokens"] + split["remote"]["tokens"]
    # The remote tier saw the shared answer, never the private document.
    last = served.remote.requests[-1].body
    assert "Dana" not in json.dumps(last) or answer.strip() in json.dumps(last)
    assert "Leeds" not in json.dumps(last)


def test_litellm_as_a_client_with_streaming(served: Served) -> None:
    import litellm

    reply = litellm.completion(
        model="openai/qa",
        api_base=served.base,
        api_key=TOKEN,
        messages=[{"role": "user", "content": "Where is the office?"}],
        inputs={"context": DOCUMENT},  # the document as a named input
    )
    assert reply.choices[0].message.content.strip()
    chunks = list(
        litellm.completion(
            model="openai/qa",
            api_base=served.base,
            api_key=TOKEN,
            messages=[{"role": "user", "content": "Where is the office?"}],
            inputs={"context": DOCUMENT},
            stream=True,
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.strip() == reply.choices[0].message.content.strip()


def test_runs_returns_the_json_object_of_minionc_run(served: Served) -> None:
    done = served.post(
        "/runs",
        {
            "protocol": "qa",
            "inputs": {"question": "Who is the chief executive?", "context": DOCUMENT},
        },
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["protocol"] == "qa" and body["ok"] is True and isinstance(body["value"], str)
    assert set(body["usage"]) >= {"local", "remote"} and body["failures"] == {}


@pytest.mark.parametrize(
    ("path", "body", "token", "status", "wanted"),
    [
        ("/runs", {"protocol": "qa", "inputs": {}}, "wrong", 401, "bearer token"),
        ("/runs", {"protocol": "qa", "inputs": {}}, None, 401, "bearer token"),
        ("/chat/completions", {"model": "nope", "messages": []}, TOKEN, 404, "no protocol 'nope'"),
        (
            "/chat/completions",
            {"model": "qa", "messages": [{"role": "user", "content": "x"}]},
            TOKEN,
            400,
            "needs the input context",
        ),
        (
            "/runs",
            {"protocol": "qa", "inputs": {"question": "x", "context": DOCUMENT, "colour": 1}},
            TOKEN,
            400,
            "unknown input colour",
        ),
        (
            "/runs",
            {"protocol": "qa", "inputs": {"question": 42, "context": DOCUMENT}},
            TOKEN,
            400,
            "question",
        ),
        ("/runs", b"{not json", TOKEN, 400, "not JSON"),
        ("/runs", b"[1, 2]", TOKEN, 400, "a JSON object"),
        ("/runs", b"x" * 30000, TOKEN, 413, "over 20,000 bytes"),
        ("/nowhere", {}, TOKEN, 404, "no route /v1/nowhere"),
    ],
)
def test_a_bad_request_is_a_json_error_with_its_status(
    served: Served, path: str, body: Any, token: str | None, status: int, wanted: str
) -> None:
    done = served.post(path, body, token=token)
    assert done.status_code == status, done.text
    error = done.json()["error"]
    assert wanted in error["message"] and set(error) == {"message", "type", "code", "param"}


def test_a_client_that_disconnects_cancels_its_run_and_the_server_goes_on(served: Served) -> None:
    body = {
        "protocol": "qa",
        "inputs": {"question": "What is the code in sentence 150?", "context": LONG_DOCUMENT},
    }
    with pytest.raises(httpx.TimeoutException):
        served.post("/runs", body, timeout=1.0)  # gives up while the local model reads
    deadline = time.monotonic() + 120
    while served.running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert served.running() == 0  # the run was cancelled, its slot given back
    done = served.post(
        "/runs", {"protocol": "qa", "inputs": {"question": "Who?", "context": DOCUMENT}}
    )
    assert done.status_code == 200, done.text


def test_a_busy_server_says_so_with_429_and_retry_after(served: Served) -> None:
    body = {
        "protocol": "qa",
        "inputs": {"question": "What is the code in sentence 151?", "context": LONG_DOCUMENT},
    }
    first: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: first.update(reply=served.post("/runs", body)))
    worker.start()
    deadline = time.monotonic() + 60
    while served.running() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    second = served.post(
        "/runs", {"protocol": "qa", "inputs": {"question": "Who?", "context": DOCUMENT}}
    )
    worker.join()
    assert second.status_code == 429 and second.headers["retry-after"] == "1"
    assert second.json()["error"]["code"] == "busy"
    assert first["reply"].status_code == 200


def test_sigterm_finishes_the_run_in_flight_then_stops_cleanly(tmp_path: Path) -> None:
    with FakeOpenAI([Reply(body=chat_response("yes"))]) as remote:
        server = start(tmp_path, remote)
        body = {
            "protocol": "qa",
            "inputs": {"question": "What is the code in sentence 152?", "context": LONG_DOCUMENT},
        }
        reply: dict[str, Any] = {}
        worker = threading.Thread(target=lambda: reply.update(done=server.post("/runs", body)))
        worker.start()
        deadline = time.monotonic() + 60
        while server.running() == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        code, rest = stop(server)
        worker.join()
    assert reply["done"].status_code == 200 and reply["done"].json()["ok"] is True
    assert code == 0 and "minionc: stopped" in rest and "Traceback" not in rest


def test_each_request_gets_the_plans_budget(served: Served) -> None:
    inputs = {"question": "Who is the chief executive?", "context": DOCUMENT}
    chat = served.post(
        "/chat/completions",
        {"model": "capped", "inputs": inputs, "messages": []},
    )
    assert chat.status_code == 502, chat.text
    error = chat.json()
    assert error["error"]["code"] == "no_value" and "budget" in error["error"]["message"]
    assert error["minionc"]["usage"]["local"]["calls"] == 1  # the second call was refused
    run = served.post("/runs", {"protocol": "capped", "inputs": inputs})
    assert run.status_code == 200 and run.json()["ok"] is False  # the object says why
    # A fresh budget per request: the same request is refused the same way again.
    again = served.post("/runs", {"protocol": "capped", "inputs": inputs})
    assert again.json()["usage"]["local"]["calls"] == 1
