"""While the service starts (its app being built, its database loading a country's data), an
orchestrator asking /healthz hears "alive" from the first moment; /readyz and everything else say
"not yet, try again", and the service takes over by itself once it is there."""

from __future__ import annotations

import threading
import time

import anyio.to_thread
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.api.starting import StartingApp
from graph_service.config import Settings
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.factory import open_store_waiting


def test_healthz_answers_while_the_app_is_built_and_the_app_answers_after():
    may_finish = threading.Event()

    def build():
        may_finish.wait(10)
        return PlainTextResponse("the service")  # stands for the real app, built after a while

    starting = StartingApp(build)
    client = TestClient(starting)
    assert client.get("/healthz").json() == {"status": "ok", "store": "starting"}
    waiting = client.get("/readyz")
    assert waiting.status_code == 503 and waiting.headers["retry-after"] == "2"
    threading.Timer(0.5, may_finish.set).start()
    started = time.monotonic()
    answer = client.post("/graphql", json={"query": "{ me { role } }"})  # waits for the service, not refused
    assert answer.text == "the service" and time.monotonic() - started >= 0.4
    assert starting.built.is_set() and starting.failed is None
    assert client.get("/readyz").text == "the service"  # it took over


def test_blocking_work_of_a_request_gets_as_many_threads_as_set():
    async def app(scope, receive, send):
        limiter = anyio.to_thread.current_default_thread_limiter()
        await PlainTextResponse(str(limiter.total_tokens))(scope, receive, send)

    assert TestClient(StartingApp(lambda: app, threads=12)).get("/app").text == "12"


def test_a_start_that_fails_is_reported_and_stops_the_server():
    stopped = threading.Event()
    starting = StartingApp(lambda: (_ for _ in ()).throw(ValueError("COALITION_TRUSTED_DOCUMENTS: not JSON")),
                           on_failure=stopped.set)
    assert stopped.wait(5) and "not JSON" in str(starting.failed)


def test_a_server_process_listens_before_the_database_answers_and_is_ready_once_it_does(data_dir):
    settings = Settings(data_dir=data_dir)
    store = open_store_waiting(settings, attach=True)  # as a server worker: the database is serve's
    client = TestClient(create_app(store, settings))
    try:
        assert client.get("/healthz").json() == {"status": "ok", "store": "starting"}
        assert client.get("/readyz").status_code == 503
        assert client.post("/graphql", json={"query": "{ me { role } }"}).status_code == 503
        owner = EmbeddedServer(data_dir).start()  # serve's database has loaded its files
        try:
            deadline = time.monotonic() + 10
            while client.get("/readyz").status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert client.get("/readyz").json()["status"] == "ready"
            assert client.get("/healthz").json() == {"status": "ok"}
        finally:
            store.close()
            owner.stop()
    finally:
        client.close()
