"""Every content file in the repository validates, and the whole index resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from widgets.core.content import CONTENT_DIRS, ContentIndex, iter_content_files, load_file
from widgets.core.registry import MODULE_FILE, folder, modules

FILES = list(iter_content_files([ROOT / d for d in CONTENT_DIRS]))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_content_file_validates(path):
    item = load_file(path)
    if path.name == MODULE_FILE:  # a module's id is its module id (m01 ...)
        assert item.KIND == "module", f"{path}: a module.yaml describes a module"
    else:
        assert item.id == path.stem, f"{path}: the id must equal the file name"


def test_index_resolves_every_reference():
    index = ContentIndex.from_root(ROOT)
    assert index.of_kind("knowledge-check"), "the curriculum has knowledge checks"


def test_cli_check_passes_on_the_repository():
    done = subprocess.run([sys.executable, "-m", "widgets.core.content", "check"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_every_module_folder_is_a_registered_module_with_a_knowledge_check():
    folders = sorted(p.name for p in (ROOT / "curriculum").iterdir() if p.name[:2].isdigit())
    mods = modules(ROOT)
    assert [folder(m.id, ROOT).name for m in mods] == folders
    assert all(m.checks for m in mods), "every module lists a knowledge check"
