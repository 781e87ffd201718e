"""At run time too, only views load ipywidgets and IPython: importing every other module of
a package (its model, schemas, content, rendering, checker; the records; the core) in a
fresh interpreter loads neither. import-linter checks the imports it can see; this also
catches an import made inside a function at import time."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import widgets

UI = ("ipywidgets", "IPython")


def _not_views(package: str) -> list[str]:
    module = __import__(package, fromlist=["_"])
    names = [package]
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if info.name.rsplit(".", 1)[-1] != "view" and ".view." not in info.name:
                names.append(info.name)
    return names


PACKAGES = sorted(f"widgets.{m.name}" for m in pkgutil.iter_modules(widgets.__path__)
                  if m.name != "book")


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_but_a_view_loads_ipywidgets(package):
    modules = _not_views(package)
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            f"    bad = [m for m in {UI!r} if m in sys.modules]\n"
            "    if bad:\n"
            "        print(name, 'loads', ','.join(bad)); sys.exit(1)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr[-800:]
