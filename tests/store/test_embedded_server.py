"""The embedded database: one owner per data directory, attachable, durable across a crash."""

from __future__ import annotations

import uuid

import pytest
from falkordb import FalkorDB

from graph_service.domain.errors import StoreUnavailable
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb_backend import FalkorBackend
from graph_service.store.graph_store import GraphStore


def test_acknowledged_writes_survive_kill_9_of_the_database(data_dir, vocabulary):
    server = EmbeddedServer(data_dir).start()
    store = GraphStore(FalkorBackend.embedded(server, "durable"), vocabulary)
    store.migrate()
    ids = [f"org-{i}" for i in range(2000)]
    for node_id in ids:  # 2,000 single writes, each acknowledged before the next
        store.create_node("community", {"id": node_id, "name": f"Gemeenschap {node_id}"})
    server.kill_database()  # SIGKILL: no shutdown, no final fsync
    server.stop()
    store.backend.client.connection.close()

    restarted = EmbeddedServer(data_dir).start()
    try:
        again = GraphStore(FalkorBackend.embedded(restarted, "durable"), vocabulary)
        assert again.counts()["nodes"]["community"] == 2000
        assert set(again.get_nodes(ids)) == set(ids)
    finally:
        restarted.stop()


def test_second_owner_is_refused_while_the_first_keeps_answering(data_dir):
    first = EmbeddedServer(data_dir).start()
    try:
        with pytest.raises(StoreUnavailable) as err:
            EmbeddedServer(data_dir).start()
        assert "is in use by" in str(err.value)
        assert str(data_dir) in str(err.value)
        client = FalkorDB(unix_socket_path=str(first.socket_path))
        assert client.connection.ping()
    finally:
        first.stop()


def test_one_shot_commands_may_attach_to_the_running_server(data_dir, vocabulary):
    owner = EmbeddedServer(data_dir).start()
    try:
        graph = f"g{uuid.uuid4().hex[:6]}"
        writer = GraphStore(FalkorBackend.embedded(owner, graph), vocabulary)
        writer.migrate()
        writer.create_node("community", {"id": "x", "name": "Buurtvaders"})
        guest = EmbeddedServer(data_dir).start(allow_attach=True)
        assert guest.attached and guest.process is None
        reader = GraphStore(FalkorBackend.embedded(guest, graph), vocabulary)
        assert reader.get_node("x")["name"] == "Buurtvaders"
        reader.close()  # closing the guest must not stop the owner's server
        assert owner.process.poll() is None
        assert writer.get_node("x") is not None
    finally:
        owner.stop()


def test_data_directory_that_cannot_be_written_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable) as err:
        EmbeddedServer(blocker / "data").start()
    assert "cannot be written" in str(err.value)


def test_stop_releases_the_directory_for_the_next_owner(data_dir):
    EmbeddedServer(data_dir).start().stop()
    second = EmbeddedServer(data_dir).start()
    assert second.process is not None and second.process.poll() is None
    second.stop()
    assert not second.socket_path.exists()


def test_a_clean_stop_compacts_a_grown_log_so_the_next_start_loads_a_snapshot(data_dir, vocabulary):
    server = EmbeddedServer(data_dir, compact_above=64 * 1024).start()
    store = GraphStore(FalkorBackend.embedded(server, "compacted"), vocabulary)
    store.migrate()
    for i in range(600):  # some 100 KB of statements appended to the log
        store.create_node("community", {"id": f"com-{i}", "name": f"Gemeenschap {i}"})
    grown = sum(p.stat().st_size for p in (data_dir / "appendonlydir").glob("*.incr.aof"))
    server.stop()
    store.backend.client.connection.close()
    replayed = sum(p.stat().st_size for p in (data_dir / "appendonlydir").glob("*.incr.aof"))
    assert grown > 64 * 1024 and replayed == 0  # nothing left to replay: all in the snapshot
    restarted = EmbeddedServer(data_dir).start()
    try:
        assert GraphStore(FalkorBackend.embedded(restarted, "compacted"), vocabulary).counts()["nodes"]["community"] == 600
    finally:
        restarted.stop()
