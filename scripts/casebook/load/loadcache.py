"""Parsed and schema-checked case files, kept between builds by content hash.

Reading a case (YAML composition with positions, then JSON Schema
validation) costs milliseconds; ``mkdocs serve`` and repeated builds read
the same unchanged files again and again. The result of ``load_case`` for a
file depends only on its bytes, its path and the loader's code and schema, so
it is stored under ``.cache/casebook/cases/`` keyed by a hash of all four.
``CASEBOOK_CACHE=0`` turns the cache off; ``CASEBOOK_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from . import schemas

HERE = Path(__file__).parent
CODE = ("project.py", "yamlload.py", "schemas.py", "../common/problems.py", "loadcache.py")


@lru_cache(maxsize=1)
def _fingerprint() -> bytes:
    h = hashlib.sha256()
    for name in CODE:
        h.update((HERE / name).read_bytes())
    h.update((schemas.SCHEMA_DIR / schemas.SCHEMA_FILES["case"]).read_bytes())
    return h.digest()


def cache_dir(root: Path) -> Path | None:
    if os.environ.get("CASEBOOK_CACHE") == "0":
        return None
    base = os.environ.get("CASEBOOK_CACHE_DIR")
    return (Path(base) if base else Path(root) / ".cache" / "casebook") / "cases"


@lru_cache(maxsize=16)
def _resolved(root: str, cwd: str) -> str:
    return str(Path(cwd, root).resolve())


def _entry(path: Path, root: Path) -> Path | None:
    """Where the result for ``path`` as it is now is (or would be) stored; None without a cache."""
    directory = cache_dir(root)
    if directory is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # let load_case report it
    # The checkout (resolved once: resolving every file was a tenth of a cold load) and the path as given.
    where = f"{_resolved(str(root), os.getcwd())}\0{path}\0".encode()
    key = hashlib.sha256(_fingerprint() + where + raw).hexdigest()
    return directory / key[:2] / key


def entries(paths: list[Path], root: Path) -> dict[Path, Path | None]:
    """Where each file's result, as the file is now, is or would be stored
    (None: no cache, or a file that cannot be read)."""
    return {path: _entry(path, root) for path in paths}


def load_case_cached(path: Path, root: Path, load_case, entry: Path | None, stored: bool = True):
    """``load_case(path, root)``, from ``entry`` (see ``entries``) when it was
    stored; otherwise read, and stored there for the next time."""
    if entry is None:
        return load_case(path, root)
    key = entry.name
    if stored:
        try:
            with open(entry, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError):
            pass
    result = load_case(path, root)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{key}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, entry)
    except OSError:
        pass  # a read-only checkout builds without the cache
    return result
