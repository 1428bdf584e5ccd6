"""``python -m geo render``: articles → standalone HTML map (and optionally a PNG), from the command line.

python -m geo render PATH [PATH ...] [--published DATE] --out map.html [--png map.png]
    [--width 1600 --height 1000] [--date YYYY-MM-DD] [--layers places,claims,control,...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from geo.exits import EXIT_EXPORT, EXIT_INPUT, EXIT_USAGE


class _Mapping:
    """A list from ``geo.mapping``, imported only when argparse checks or shows it (the map modules load
    folium, which ``extract`` and the other commands never need)."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def _values(self) -> tuple[str, ...]:
        import importlib

        return tuple(getattr(importlib.import_module(self.module), self.name))

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self):  # noqa: ANN204
        return iter(self._values())

    def __str__(self) -> str:
        return ",".join(self._values())


def add_render_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``render`` sub-command."""
    p = subparsers.add_parser("render", help="render articles as a standalone HTML map and/or PNG")
    p.add_argument("paths", nargs="+", type=Path, help="article files (.txt, .md, .html) or folders")
    p.add_argument("--published", help="publication date YYYY-MM-DD for files without front matter")
    p.add_argument("--out", type=Path, help="standalone HTML to write (assets inlined, works offline)")
    p.add_argument("--png", type=Path, help="PNG to write (rendered by headless Chromium)")
    p.add_argument("--width", type=int, default=1600, help="PNG width in px (default 1600)")
    p.add_argument("--height", type=int, default=1000, help="PNG height in px (default 1000; see --aspect)")
    p.add_argument(
        "--aspect",
        choices=("screen", "4:3", "16:9"),
        default="screen",
        help="PNG aspect: screen keeps --height, 4:3 / 16:9 derive it from --width",
    )
    p.add_argument("--scale", type=int, choices=(1, 2), default=1, help="PNG resolution 1x or 2x")
    p.add_argument("--no-legend", action="store_true", help="leave the legend out of the PNG")
    p.add_argument("--title", default="", help="title shown on the PNG")
    p.add_argument(
        "--date",
        help="show the map as of this day YYYY-MM-DD (control snapshot, claims); "
        "default: the newest article's publication day",
    )
    layers = p.add_argument(
        "--layers",
        default="places,claims,control,directions,basemap",
        help="comma list of %(keys)s (or 'all')",
    )
    layers.keys = _Mapping("geo.mapping.style", "LAYER_KEYS")  # type: ignore[attr-defined]
    tiles = _Mapping("geo.mapping.basemap", "TILE_CHOICES")
    p.add_argument(
        "--tiles",
        choices=tiles,
        metavar="TILES",  # argparse would list the choices now
        default="offline",
        help="base tiles: %(choices)s (default offline)",
    )
    p.add_argument("--center", help="LAT,LON of the view centre (default: fitted to the places)")
    p.add_argument("--zoom", type=int, help="zoom level (default: fitted to the places)")
    p.add_argument("--record", type=Path, help="control record folder (default data/control)")
    from geo.cli import add_profile_argument

    add_profile_argument(p)
    p.set_defaults(handler=run_render)


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _center(spec: str | None) -> tuple[float, float] | None:
    if not spec:
        return None
    lat, lon = (float(v) for v in spec.split(","))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("out of range")
    return lat, lon


def run_render(args: argparse.Namespace) -> int:
    """Extract, build the map, write HTML/PNG; print what was written. Returns the exit code."""
    from geo.control import ControlRecord, ControlRecordError
    from geo.exporting import ExportError, export_png, frame_size, map_attributions, standalone_html
    from geo.extract.pipeline import extract_paths
    from geo.ingest import IngestError, normalise_date
    from geo.mapping import AssetError, MapView, build_map, parse_layers

    if args.out is None and args.png is None:
        return _fail("nothing to write: give --out map.html and/or --png map.png", EXIT_USAGE)
    try:
        published = normalise_date(args.published)
        date = normalise_date(args.date)
    except IngestError as exc:
        return _fail(f"bad date: {exc}", EXIT_USAGE)
    try:
        layers = parse_layers(args.layers)
        center = _center(args.center)
        if args.png is not None:
            frame_size(args.width, args.height, args.aspect)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        return _fail(f"no such file or folder: {', '.join(missing)}", EXIT_INPUT)

    from geo.cli import profile_error
    from geo.extract.pipeline import Resources

    if profile_error(args.profile):
        return _fail(profile_error(args.profile), EXIT_USAGE)
    result = extract_paths(args.paths, published=published, resources=Resources(profile=args.profile))
    for path, reason in result.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    if not result.articles:
        return _fail("no usable article in the input", EXIT_INPUT)
    # the legend's holders: the forced profile, else the one most of the articles use
    chosen = [a.profile for a in result.articles if a.profile]
    profile = args.profile if args.profile not in ("", "auto") else ""
    profile = profile or max(sorted(set(chosen)), key=chosen.count, default="")
    from geo.profiles import DEFAULT_PROFILE, load_profile

    record = None
    if not load_profile(profile or DEFAULT_PROFILE).control_record:
        print(f"note: profile {profile} has no control record; no control areas drawn", file=sys.stderr)
    elif layers & {"control", "directions", "claims"}:
        try:
            record = ControlRecord.load(args.record)
        except ControlRecordError as exc:
            print(f"warning: map drawn without control areas: {exc}", file=sys.stderr)

    date = date or _latest(result)  # by default, the map as it stood when the newest article appeared
    view = MapView(
        date=date, layers=layers, center=center, zoom=args.zoom, tiles=args.tiles, assets="file",
        profile=profile,
    )
    started = time.perf_counter()
    try:
        tables = result.frames()
        if args.out is not None:
            html = standalone_html(build_map(tables, record, view))
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(html, encoding="utf-8")
            print(f"wrote {args.out} ({len(html.encode('utf-8')) / 1e6:.2f} MB)")
        if args.png is not None:
            png_view = view.with_(controls=False)
            export_png(
                build_map(tables, record, png_view),
                args.png,
                width=args.width,
                height=args.height,
                aspect=args.aspect,
                scale=args.scale,
                legend=not args.no_legend,
                title=args.title or _default_title(result),
                date=date,
                attributions=map_attributions(png_view, record),
            )
            print(f"wrote {args.png}")
    except (AssetError, ExportError, ControlRecordError, OSError) as exc:
        return _fail(str(exc), EXIT_EXPORT)
    print(
        f"rendered {len(result.articles)} article(s) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def _default_title(result) -> str:  # type: ignore[no-untyped-def]
    if len(result.articles) == 1:
        return result.articles[0].title
    return f"{len(result.articles)} articles: places and claims"


def _latest(result) -> str | None:  # type: ignore[no-untyped-def]
    days = sorted(a.published for a in result.articles if a.published)
    return days[-1] if days else None
