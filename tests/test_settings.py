from pathlib import Path

import pytest

from workbench.settings import Settings


def test_defaults_put_everything_under_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    settings = Settings()
    assert settings.vectorstore_dir == tmp_path / "vectorstore"
    assert settings.db_url == f"sqlite:///{tmp_path / 'workbench.db'}"
    assert settings.chroma_url is None


def test_toml_file_is_read_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "workbench.toml").write_text(
        'chunk_size = 500\nchroma_url = "http://127.0.0.1:9000"\n'
    )
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    assert Settings().chunk_size == 500
    monkeypatch.setenv("WORKBENCH_CHROMA_URL", "http://127.0.0.1:9999")
    assert Settings().chroma_url == "http://127.0.0.1:9999"


def test_unknown_keys_in_toml_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "workbench.toml").write_text("chunk_sise = 500\n")
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    with pytest.raises(ValueError, match="chunk_sise"):
        Settings()


def test_verdict_offsets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().verdict_offsets is None  # the backend's own default (pipeline)
    monkeypatch.setenv("WORKBENCH_VERDICT_OFFSETS", '{"B": 0.5, "C": -1}')
    assert Settings().verdict_offsets == {"B": 0.5, "C": -1.0}
