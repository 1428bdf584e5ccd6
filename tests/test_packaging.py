"""A built wheel installed into a fresh virtual environment outside the repo extracts the sample's places."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "geo" / "data" / "articles" / "2022-09-08-kharkiv-counteroffensive.md"


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=1200, check=False, **kw)


@pytest.mark.slow
def test_wheel_installs_and_extracts_from_any_folder(tmp_path):
    dist = tmp_path / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(dist)])
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = dist.glob("frontline_claims-*.whl")
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    python = venv / "bin" / "python"
    installed = _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)])
    assert installed.returncode == 0, installed.stderr[-2000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SAMPLE, elsewhere / "article.md")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRONTLINE_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / "cache"), XDG_DATA_HOME=str(home / "data"))
    cmd = [str(python), "-m", "geo", "extract", "article.md", "--json"]
    first = _run(cmd, cwd=elsewhere, env=env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "building the gazetteer index into " + str(home / "cache" / "frontline-claims") in first.stderr
    assert list((home / "cache" / "frontline-claims").glob("gazetteer-*/meta.json"))
    assert not (elsewhere / ".cache").exists()

    from geo.compose import compose_paths

    here = compose_paths([SAMPLE]).to_json()
    there = json.loads(first.stdout)
    assert sorted(p["name"] for p in there["places"]) == sorted(p["name"] for p in here["places"])
    assert [c["verification"]["verdict"] for c in there["claims"]] == [
        c["verification"]["verdict"] for c in here["claims"]
    ]
    assert there["articles"][0]["language"] == "en"

    again = _run(cmd, cwd=elsewhere, env=env)
    assert again.returncode == 0 and "building the gazetteer index" not in again.stderr
    render_cmd = [str(python), "-m", "geo", "render", "article.md", "--out", "map.html"]
    render = _run(render_cmd, cwd=elsewhere, env=env)
    assert render.returncode != 0 and "Traceback" not in render.stderr
    assert "map asset" in render.stderr and len(render.stderr.strip().splitlines()) == 1
