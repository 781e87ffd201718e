"""Domain modules never import ipywidgets (views are the only widget layer)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import widgets
import widgets.schemas

PURE = sorted(
    [f"widgets.{m.name}" for m in pkgutil.iter_modules(widgets.__path__)
     if m.name not in {"views", "book", "schemas"}]
    + [f"widgets.schemas.{m.name}" for m in pkgutil.iter_modules(widgets.schemas.__path__)])


@pytest.mark.parametrize("module", PURE)
def test_pure_module_does_not_import_ipywidgets(module):
    code = (f"import sys, {module}; "
            f"bad = [m for m in ('ipywidgets', 'IPython') if m in sys.modules]; "
            f"print(','.join(bad)); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, f"{module} imports {done.stdout.strip()}{done.stderr[-500:]}"
