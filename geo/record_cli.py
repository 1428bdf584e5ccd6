"""``python -m geo record``: the analyst's additions to the control record, and what the record holds.

``record add FILE_OR_FOLDER…`` derives DeepStateMap GeoJSON exports (saved by hand from
deepstatemap.live) into ``<data folder>/control/`` (``$FRONTLINE_DATA_DIR`` or the user data folder), the
same compact form as the packaged record; ``ControlRecord.load()`` merges them with the packaged record,
so the dashboard and verification see them at once. The publication time comes from the file name
(``2025-09-07T20-00-41Z.geojson``, Unix seconds as in the archive, or a ``YYYY-MM-DD`` date → 12:00 UTC)
or ``--taken``. A bad or foreign file gets a one-line reason and changes nothing; the manifest is
replaced atomically after each good file. Exit 0 when every file was added or already present, 1 if
any was refused, 2 on a usage error.

``record info`` prints the record's range; ``record series [--csv FILE]`` the occupied-area series.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from geo.control import ATTRIBUTION, SNAPSHOT_ID_FORMAT, ControlRecord, ControlRecordError, user_record_dir

SUFFIXES = (".geojson", ".json")
MAX_BYTES = 50_000_000
UNIX_RE = re.compile(r"^(\d{10})$")
STAMP_RE = re.compile(r"(\d{4}-\d{2}-\d{2})[T_ ](\d{2})[-:](\d{2})[-:](\d{2})Z?")
DAY_RE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


class RefusedError(ValueError):
    """A file that cannot be added (the message is the one-line reason)."""


def snapshot_id_for(path: Path, taken: str | None = None) -> str:
    """The snapshot id (UTC publication time) of an export, from ``taken`` or the file name."""
    text = taken or path.stem
    candidates = []
    if UNIX_RE.match(text):
        candidates.append(datetime.fromtimestamp(int(text), UTC))
    elif match := STAMP_RE.search(text):
        day, hh, mm, ss = match.groups()
        candidates.append(datetime.fromisoformat(f"{day}T{hh}:{mm}:{ss}+00:00"))
    elif match := DAY_RE.search(text):
        candidates.append(datetime.fromisoformat(f"{match.group(1)}T12:00:00+00:00"))
    if not candidates:
        raise RefusedError(
            "cannot tell when it was published: name it like 2025-09-07T20-00-41Z.geojson or pass --taken"
        )
    return candidates[0].strftime(SNAPSHOT_ID_FORMAT)


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and the GeoJSON files inside folders named (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            out.append(path)
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RefusedError(f"larger than {MAX_BYTES // 1_000_000} MB: not a single map snapshot")
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise RefusedError("no such file") from None
    except OSError as exc:
        raise RefusedError(f"cannot read it ({exc.strerror})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise RefusedError(f"not JSON ({str(exc).splitlines()[0][:80]})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise RefusedError("not a GeoJSON FeatureCollection")
    return data


def _write_manifest(folder: Path, entries: list[dict[str, Any]]) -> None:
    manifest = {
        "attribution": ATTRIBUTION,
        "source": "DeepStateMap exports added with `python -m geo record add`",
        "generated_by": "geo.record_cli",
        "snapshots": sorted(entries, key=lambda e: e["id"]),
    }
    tmp = folder / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(tmp, folder / "manifest.json")


def _existing(folder: Path) -> list[dict[str, Any]]:
    path = folder / "manifest.json"
    if not path.exists():
        return []
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["snapshots"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ControlRecordError(f"the added-snapshots manifest is corrupt: {path}: {exc}") from exc


def add_files(
    paths: list[Path], folder: Path, *, taken: str | None = None, stream: TextIO | None = None
) -> tuple[list[str], list[str]]:
    """Add exports to ``folder``; (ids added, one-line refusals). Nothing is written for a refused file."""
    from geo.control_derive import Context, DeriveError, derive_snapshot, write_snapshot

    stream = stream or sys.stdout
    record = ControlRecord.load(user_dir=folder)
    known = {s.snapshot_id for s in record.snapshots}
    entries = _existing(folder)
    context: Context | None = None
    added, refused = [], []
    for path in expand(paths):
        try:
            sid = snapshot_id_for(path, taken)
            if sid in known:
                print(f"{path}: already in the record (snapshot {sid})", file=stream)
                continue
            data = _read(path)
            context = context or Context.load()
            collection, entry = derive_snapshot(data, sid, context)
        except (RefusedError, DeriveError) as exc:
            refused.append(f"{path}: refused: {exc}")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        write_snapshot(folder, collection, entry)
        entries.append(entry)
        _write_manifest(folder, entries)
        known.add(sid)
        added.append(sid)
        areas = entry["areas_km2"]
        print(
            f"{path}: added snapshot {sid}: occupied {entry['occupied_km2']:,.0f} km² "
            f"(since 2022 {areas['occupied_since_2022']:,.0f}, "
            f"since 2014 {areas['occupied_since_2014']:,.0f})",
            file=stream,
        )
    return added, refused


def add_record_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "record", help="the control record: add DeepStateMap exports, show range/series"
    )
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add DeepStateMap GeoJSON exports to the analyst's record")
    add.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
    add.add_argument("--taken", help="publication time (UTC) when the file name does not give it")
    for sub in (add, actions.add_parser("info", help="the record's range and where additions live")):
        sub.add_argument("--data-dir", type=Path, default=None, help="default: $FRONTLINE_DATA_DIR")
    series = actions.add_parser("series", help="occupied-area series (CSV)")
    series.add_argument(
        "--csv", type=Path, default=None, help="write here (UTF-8 with BOM) instead of stdout"
    )
    series.add_argument("--data-dir", type=Path, default=None, help="default: $FRONTLINE_DATA_DIR")
    p.set_defaults(handler=run_record)


def run_record(args: argparse.Namespace) -> int:
    folder = user_record_dir(args.data_dir)
    try:
        if args.action == "add":
            added, refused = add_files(list(args.paths), folder, taken=args.taken)
            for line in refused:
                print(line, file=sys.stderr)
            record = ControlRecord.load(user_dir=folder)
            print(
                f"{len(added)} added, {len(refused)} refused; "
                f"{record.coverage_text()} ({len(record.snapshots)} snapshots)"
            )
            return 1 if refused else 0
        record = ControlRecord.load(user_dir=folder)
        if args.action == "info":
            extra = sum(1 for s in record.snapshots if record.entry(s.snapshot_id).get("added"))
            print(f"{record.coverage_text()}: {len(record.snapshots)} snapshots ({extra} added in {folder})")
            return 0
        from geo.control_series import write_area_csv

        text = write_area_csv(record, args.csv)
        if args.csv is None:
            sys.stdout.write(text)
        return 0
    except ControlRecordError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
