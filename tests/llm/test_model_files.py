import hashlib
import threading
from pathlib import Path

import pytest

from workbench.llm import model_files
from workbench.llm.model_files import (
    EMBEDDED_MODEL,
    ModelFilesError,
    PackagedModel,
    embedded_model_path,
    locate_parts,
)

PART_BYTES = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]
JOINED = b"".join(PART_BYTES)


def _install_fake_parts(site: Path, numbers: list[int]) -> None:
    """Fake part packages laid out like the real wheels: <module>/__init__.py + data/partNN.bin."""
    for number in numbers:
        package = site / f"fakemodel_test_part{number}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{number:02d}.bin").write_bytes(PART_BYTES[number - 1])


def _fake_model(**overrides: object) -> PackagedModel:
    fields: dict = dict(
        filename="fake.gguf",
        package_prefix="fakemodel-test-part",
        part_count=len(PART_BYTES),
        version="9.9.9",
        size=len(JOINED),
        sha256=hashlib.sha256(JOINED).hexdigest(),
    )
    fields.update(overrides)
    return PackagedModel(**fields)


@pytest.fixture
def fake_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    _install_fake_parts(site, [1, 2, 3])
    monkeypatch.syspath_prepend(str(site))
    return site


def _leftovers(models_dir: Path) -> list[str]:
    return sorted(p.name for p in models_dir.iterdir() if p.suffix != ".lock")


def test_parts_are_joined_in_order_and_verified(fake_site: Path, tmp_path: Path) -> None:
    path = embedded_model_path(tmp_path / "cache", _fake_model())
    assert path == tmp_path / "cache" / "models" / "fake.gguf"
    assert path.read_bytes() == JOINED
    marker = path.with_name("fake.gguf.sha256").read_text().strip()
    assert marker == hashlib.sha256(JOINED).hexdigest()
    assert _leftovers(path.parent) == ["fake.gguf", "fake.gguf.sha256"]


def test_a_verified_file_is_trusted_without_rejoining(
    fake_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _fake_model()
    first = embedded_model_path(tmp_path, model)

    def must_not_run(*args: object) -> None:
        raise AssertionError("re-joined a verified model")

    monkeypatch.setattr(model_files, "_join_parts", must_not_run)
    assert embedded_model_path(tmp_path, model) == first


def test_a_file_without_marker_or_with_wrong_size_is_rebuilt(
    fake_site: Path, tmp_path: Path
) -> None:
    model = _fake_model()
    path = embedded_model_path(tmp_path, model)
    path.write_bytes(b"truncated")
    assert embedded_model_path(tmp_path, model).read_bytes() == JOINED
    path.with_name("fake.gguf.sha256").unlink()
    path.write_bytes(b"x" * len(JOINED))  # right size, never verified
    assert embedded_model_path(tmp_path, model).read_bytes() == JOINED


def test_size_mismatch_is_refused_before_copying(fake_site: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelFilesError, match="add up to 1,786 bytes, expected 1,787"):
        embedded_model_path(tmp_path, _fake_model(size=len(JOINED) + 1))
    assert _leftovers(tmp_path / "models") == []


def test_hash_mismatch_leaves_no_file_behind(fake_site: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelFilesError, match=r"does not match.*reinstall fakemodel-test-part"):
        embedded_model_path(tmp_path, _fake_model(sha256="0" * 64))
    assert _leftovers(tmp_path / "models") == []


def test_a_join_that_dies_midway_leaves_no_final_or_temp_file(
    fake_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(model_files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        embedded_model_path(tmp_path, _fake_model())
    assert _leftovers(tmp_path / "models") == []


def test_concurrent_callers_join_once(
    fake_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    joins: list[Path] = []
    real_join = model_files._join_parts

    def counting_join(parts: list[Path], target: Path, model: PackagedModel) -> None:
        joins.append(target)
        real_join(parts, target, model)

    monkeypatch.setattr(model_files, "_join_parts", counting_join)
    model = _fake_model()
    results: list[Path] = []
    threads = [
        threading.Thread(target=lambda: results.append(embedded_model_path(tmp_path, model)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and len(set(results)) == 1
    assert len(joins) == 1
    assert results[0].read_bytes() == JOINED


def test_missing_part_packages_are_named_with_the_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _install_fake_parts(site, [1, 3])
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(ModelFilesError) as error:
        embedded_model_path(tmp_path / "cache", _fake_model())
    message = str(error.value)
    assert "fakemodel-test-part2 are not installed" in message
    assert "pip install fakemodel-test-part2==9.9.9" in message
    assert "fakemodel-test-part1" not in message
    assert not (tmp_path / "cache" / "models" / "fake.gguf").exists()


def test_a_package_without_its_data_file_asks_for_a_reinstall(
    fake_site: Path, tmp_path: Path
) -> None:
    (fake_site / "fakemodel_test_part2" / "data" / "part02.bin").unlink()
    with pytest.raises(ModelFilesError, match=r"part02\.bin.*--force-reinstall"):
        locate_parts(_fake_model())


def test_the_real_packaged_parts_are_installed_and_add_up() -> None:
    parts = locate_parts(EMBEDDED_MODEL)
    assert [p.name for p in parts] == [f"part{n:02d}.bin" for n in range(1, 23)]
    assert sum(p.stat().st_size for p in parts) == EMBEDDED_MODEL.size == 1_117_320_768
    with open(parts[0], "rb") as first:
        assert first.read(4) == b"GGUF"
