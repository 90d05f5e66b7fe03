"""The manifest-lsp binary under test (MANIFEST_LSP_BIN, set by tests/e2e/pytest_lsp.rs)."""
import os
import pathlib
import shutil
import tempfile

import pytest

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"


def server_bin() -> str:
    path = os.environ.get("MANIFEST_LSP_BIN")
    if not path:
        pytest.exit("MANIFEST_LSP_BIN is not set: run through `cargo test --test pytest_lsp`", 2)
    return path


def copy_fixtures(*rels: str) -> pathlib.Path:
    """Copies fixture projects into a fresh folder (removed at exit); returns the folder."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="manifest-lsp-")).resolve()
    for rel in rels:
        shutil.copytree(FIXTURES / rel, root / pathlib.Path(rel).name)
    return root
