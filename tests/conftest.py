"""Shared fixtures.

``postgres_server``: a throwaway PostgreSQL + PostGIS server on loopback (initdb into a temporary folder,
pg_ctl on a free port), one per test session; ``pg_url``: a fresh database on it for one test. Without
the Debian binaries the PostgreSQL tests skip with the reason, except when ``FRONTLINE_REQUIRE_POSTGRES=1``
(set by ``.ci/run``): then they fail, so CI never passes without having run them.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE_POSTGRES = "FRONTLINE_REQUIRE_POSTGRES"


@dataclass
class PostgresServer:
    """A running throwaway server; ``new_database()`` gives the URL of a fresh PostGIS-enabled database."""

    port: int
    template: str = "frontline_template"
    _counter: itertools.count = itertools.count(1)  # noqa: RUF009 - one counter per session is the intent

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {self.template}')
        return self.url(name)


def _postgres_bin() -> Path | None:
    """Debian's versioned bin folder (newest), else wherever ``initdb`` is on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{reason} ({REQUIRE_POSTGRES}=1: the PostgreSQL tests must run here)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server():
    bin_dir = _postgres_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        _unavailable("PostgreSQL binaries not found (apt-get install postgresql postgis)")
    version = bin_dir.parent.name
    if not glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control") and not glob.glob(
        str(bin_dir.parent / "share/**/postgis.control"), recursive=True
    ):
        _unavailable(f"PostGIS for PostgreSQL {version} not installed (apt-get install postgis)")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e .)")
    root = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    data, log = root / "data", root / "server.log"
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the packages' postgres user
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=50"
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start"
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"cannot start a PostgreSQL server: {detail.decode(errors='replace').strip()[:300]}")
    server = PostgresServer(port)
    try:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {server.template}")
        with psycopg.connect(server.url(server.template), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        yield server
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        time.sleep(0.1)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server):
    """A fresh, empty PostGIS database for one test."""
    return postgres_server.new_database()
