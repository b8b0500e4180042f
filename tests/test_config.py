"""Configuration comes from the environment, and command-line flags win."""

from pathlib import Path

from graph_service.config import Settings


def test_settings_read_the_environment():
    settings = Settings.from_env({
        "COALITION_DATA_DIR": "/srv/coalition",
        "COALITION_STORE_URL": "neo4j://db:7687",
        "COALITION_PORT": "9000",
        "COALITION_DEV": "1",
        "NEO4J_PASSWORD": "secret",
    })
    assert settings.data_dir == Path("/srv/coalition")
    assert settings.store_url == "neo4j://db:7687"
    assert settings.port == 9000 and settings.dev_mode
    assert settings.neo4j_password == "secret"


def test_defaults_run_embedded_on_localhost_without_development_mode():
    settings = Settings.from_env({})
    assert settings.store_url == "" and settings.host == "127.0.0.1" and not settings.dev_mode


def test_flags_override_only_what_was_given():
    settings = Settings.from_env({"COALITION_PORT": "9000"}).with_overrides(port=None, host="0.0.0.0")
    assert settings.port == 9000 and settings.host == "0.0.0.0"
