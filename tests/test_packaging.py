"""The wheel carries templates and fonts, and an installed (non-editable) copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("newsreport-*.whl"))


@pytest.mark.slow
def test_wheel_contains_templates_fonts_and_marker(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "fonts"):
        shipped = {name for name in names if name.startswith(f"newsreport/{folder}/")}
        expected = {
            f"newsreport/{folder}/{path.relative_to(ROOT / folder).as_posix()}"
            for path in (ROOT / folder).rglob("*")
            if path.is_file()
        }
        assert expected and shipped == expected
    assert "newsreport/py.typed" in names


@pytest.mark.slow
def test_installed_copy_finds_its_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import newsreport, newsreport._resources as r;"
        "print(newsreport.__file__); print(r.templates_dir()); print(r.fonts_dir())"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    module, templates, fonts = result.stdout.splitlines()
    for shown in (module, templates, fonts):
        assert Path(shown).resolve().is_relative_to(target.resolve())
    assert any(Path(templates).iterdir()) and any(Path(fonts).iterdir())
