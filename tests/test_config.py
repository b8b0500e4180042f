"""Configuration comes from the environment, and command-line flags win."""

from pathlib import Path

import pytest

from graph_service.config import ConfigError, Settings


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


@pytest.mark.parametrize(("variable", "value", "words"), [
    ("COALITION_PORT", "80a", "COALITION_PORT='80a': must be a whole number"),
    ("COALITION_STORE_TIMEOUT", "half a minute", "COALITION_STORE_TIMEOUT='half a minute': must be a number"),
    ("COALITION_REPLICA", "Replica One", "COALITION_REPLICA='Replica One': must be a short name"),
    ("COALITION_AUDIT_KEY", "short-secret", "COALITION_AUDIT_KEY: must be at least 16 bytes"),
    ("COALITION_THREADS", "9", "COALITION_THREADS=9: must be more than COALITION_ANALYSIS_WORKERS + "
                               "COALITION_ANALYSIS_QUEUE (9)"),
])
def test_a_bad_setting_names_the_variable_and_the_value(variable, value, words):
    with pytest.raises(ConfigError) as refused:
        Settings.from_env({variable: value})
    assert str(refused.value).startswith(words) and refused.value.variable == variable
    assert "short-secret" not in str(refused.value)  # a secret is never repeated


def test_the_settings_module_is_a_leaf():
    """Configuration is plain values: it imports nothing of the service above it."""
    import ast
    from pathlib import Path as P

    import graph_service.config as config

    tree = ast.parse(P(config.__file__).read_text(encoding="utf-8"))
    relative = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level > 0]
    assert relative == []
