"""The ``geo`` command line: ``geo extract``, ``geo map``, ``geo regions``.

Data goes to stdout only when asked for (``--format json``); messages go to
stderr. Exit codes: 0 success, 2 bad input or usage (one line naming the file
and the problem), 1 unexpected failure (rerun with ``--debug`` for the traceback).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import sys
import traceback
from pathlib import Path

import click

from geo._files import dumps_json, write_text
from geo.errors import GeoError, InputError
from geo.extract import Document, extract
from geo.gazetteer import COUNTRIES, Gazetteer
from geo.source import read_text

_FILE = click.Path(path_type=Path, dir_okay=True, exists=False)


class _Group(click.Group):
    """Turn geo's errors into one line on stderr and the documented exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GeoError as err:
            click.echo(f"geo: error: {err}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as err:  # the last line of defence: report, never a bare traceback
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"geo: unexpected failure: {type(err).__name__}: {err} (rerun with --debug for the traceback)",
                       err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected failures.")
@click.version_option(package_name="geo-claims")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Read territorial claims in news text, link them to boundaries and map them.

    FILE arguments default to the embedded seed article (2024-11-20).
    """
    ctx.obj = {"debug": debug}


def _document(file: Path | None, date: str | None) -> Document:
    import geo

    return extract(read_text(file if file is not None else geo.SEED, date=date))


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {write_text(output, text)}", err=True)


def _table(doc: Document) -> str:
    """A terminal view: one block per claim, then the places named."""
    lines = [f"{doc.path or 'text'}  date: {doc.date or '-'}  source: {doc.source or '-'}",
             f"{len(doc.claims)} claims, {len(doc.quantities)} figures, {len(doc.mentions)} place mentions", ""]
    for c in doc.claims:
        figure = c.quantity.describe() if c.quantity else "-"
        lines.append(f"{c.id}  {c.actor or '?'} {c.relation} {', '.join(c.regions)}  [{figure}]  "
                     f"{c.modality}" + (f", per {c.attribution}" if c.attribution else ""))
        lines.append(f"    \"{' '.join(c.evidence.split())}\"")
    territory = ", ".join(doc.territory()) or "none"
    actors = ", ".join(dict.fromkeys(f"{m.text} ({m.actor})" for m in doc.mentions if m.role == "actor")) or "none"
    lines += ["", f"territory: {territory}", f"actors: {actors}"]
    return "\n".join(lines) + "\n"


@main.command("extract")
@click.argument("file", type=_FILE, required=False)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
def extract_cmd(file: Path | None, fmt: str, date: str | None, output: Path | None) -> None:
    """Find the places, figures and claims in a news text.

    \b
    Examples:
      geo extract seeds/2024-11-20-kremlin-ceasefire-terms.txt
      geo extract report.txt --format json | jq '.mentions[] | select(.role=="territory")'
    """
    doc = _document(file, date)
    _emit(doc.to_json() if fmt == "json" else _table(doc), output)


def _read_layers(paths: tuple[Path, ...], status_field: str | None, occupied_value: str | None,
                 gaz: Gazetteer | None = None, date: str | None = None):
    """The control layers of *paths*; a folder or manifest of snapshots gives its snapshot of *date*."""
    from geo.control import read_control
    from geo.snapshots import is_manifest, read_snapshots

    layers = []
    for path in paths:
        if path.is_dir() or is_manifest(path):
            found = read_snapshots(path)
            snap = found.at(date) if date else found.snapshots[-1]
            snap.check()
            near = f", the nearest on or before {date}" if date and snap.date != date else ""
            click.echo(f"geo: {path}: the snapshot of {snap.date} ({snap.path.name}{near})", err=True)
            path = snap.path
        layer = read_control(path, status_field=status_field, occupied_value=occupied_value, gazetteer=gaz)
        for note in layer.notes:
            click.echo(f"geo: {path}: {note}", err=True)
        layers.append(layer)
    return layers


_CONTROL_OPTIONS = [
    click.option("--status-field", help="Field that holds each polygon's status (generic polygon files)."),
    click.option("--occupied-value", help="Value of --status-field that means occupied [default: occupied]."),
]


def _control_options(func):
    for option in reversed(_CONTROL_OPTIONS):
        func = option(func)
    return func


def _boundary_options(func):
    """``--boundaries FILE``, ``--boundary-field NAME``, ``--boundary-layer NAME``: a ``gaz`` argument in their place."""
    @click.option("--boundaries", "boundaries", type=_FILE,
                  help="First-level boundaries to use instead of the embedded ones (OCHA COD-AB, geoBoundaries, "
                       "GADM or any polygon file with ISO codes, P-codes or names).")
    @click.option("--boundary-field", help="Field of --boundaries that holds the codes or names [default: found].")
    @click.option("--boundary-layer", help="Layer of --boundaries to read [default: the one that links the most units].")
    @functools.wraps(func)
    def wrapper(*args, boundaries: Path | None, boundary_field: str | None, boundary_layer: str | None, **kwargs):
        if (boundary_field is not None or boundary_layer is not None) and boundaries is None:
            raise click.UsageError("--boundary-field and --boundary-layer need --boundaries")
        gaz = Gazetteer.default()
        if boundaries is not None:
            from geo.boundaries import read_boundaries

            found = read_boundaries(boundaries, code_field=boundary_field, layer=boundary_layer, gazetteer=gaz)
            click.echo(f"geo: {boundaries}: {len(found.frame)} units linked through {found.field} "
                       f"({found.scheme})", err=True)
            for note in found.notes:
                click.echo(f"geo: {boundaries}: {note}", err=True)
            gaz = gaz.with_boundaries(found)
        return func(*args, gaz=gaz, **kwargs)
    return wrapper


@main.command("map")
@click.argument("file", type=_FILE, required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="HTML file to write [default: maps/<name of the text>.html].")
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@click.option("--control", "controls", type=_FILE, multiple=True,
              help="Control layer(s): adds who holds the regions and the checked figures.")
@_control_options
@click.option("--format", "fmt", type=click.Choice(["html", "png"]), default="html", show_default=True,
              help="An interactive page, or a static image for reports.")
@click.option("--tiles", help="Add an online tile layer (xyzservices name, e.g. CartoDB.Positron); off by default.")
@click.option("--from", "start", help="With a folder or manifest of snapshots: a time-slider map from this day.")
@click.option("--to", "end", help="With a folder or manifest of snapshots: the slider's last day.")
@_boundary_options
def map_cmd(file, output, date, controls, status_field, occupied_value, fmt, tiles, start, end, gaz) -> None:
    """Draw the territory a text names on an offline HTML map; print its path.

    \b
    Examples:
      geo map                     # the embedded seed -> maps/2024-11-20-kremlin-ceasefire-terms.html
      geo map report.txt -o out/report.html
      geo map report.txt --control deepstatemap_data_20241120.geojson
      geo map report.txt --format png -o report.png
      geo map report.txt --boundaries ukr_admbnda_adm1_sspe_20240416.shp
      geo map --control ~/.cache/geo/deepstate --from 2024-01-01 --to 2024-12-31 -o 2024.html   # time slider
    """
    from geo.render import write_map, write_png
    from geo.snapshots import is_manifest

    series = [c for c in controls if c.is_dir() or is_manifest(c)]
    if series and (file is None or start or end):
        _slider(series, output, fmt, start, end, gaz, _document(file, date) if file is not None else None)
        return
    if start or end:
        raise click.UsageError("--from and --to need --control with a folder or manifest of snapshots")

    doc = _document(file, date)
    layer = report = None
    if controls:
        from geo.verify import pick_layer, verify

        layers = _read_layers(controls, status_field, occupied_value, gaz, doc.date)
        layer, _ = pick_layer(layers, doc.date)
        report = verify(doc, layer, gazetteer=gaz)
    if fmt == "png":
        click.echo(str(write_png(doc, output, control=layer, verification=report, gazetteer=gaz)))
        return
    try:
        written = write_map(doc, output, control=layer, verification=report, tiles=tiles, gazetteer=gaz)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--tiles") from None
    click.echo(str(written))


def _slider(series: list[Path], output: Path | None, fmt: str, start: str | None, end: str | None, gaz,
            doc: Document | None) -> None:
    """``geo map [FILE] --control DIR``: the time-slider page (or a PNG of small multiples) of a series of
    snapshots; a text's checked figures are pinned at its date."""
    from geo.control import read_control
    from geo.slider import pins_from_report, write_slider, write_small_multiples
    from geo.snapshots import read_snapshots
    from geo.verify import verify

    found = read_snapshots(*series).between(start, end)
    if not found.snapshots:
        raise InputError(f"{found.source!r}: no snapshots from {start or 'the first'} to {end or 'the last'}")
    layers = []
    with _progress(len(found)) as step:
        for snap in found:
            snap.check()
            layers.append(read_control(snap.path, date=snap.date, gazetteer=gaz))
            step(snap.date)
    name = f"control-{found.dates[0]}-{found.dates[-1]}"
    if fmt == "png":
        click.echo(str(write_small_multiples(layers, output or Path("maps") / f"{name}.png", gazetteer=gaz)))
    else:
        pins = []
        if doc is not None and doc.date:
            layer = next((lay for lay in reversed(layers) if lay.date <= doc.date), None)
            if layer is None:
                click.echo(f"geo: no snapshot on or before the text's date {doc.date}: its figures are not pinned",
                           err=True)
            else:
                pins = pins_from_report(verify(doc, layer, gazetteer=gaz), gaz)
        click.echo(str(write_slider(layers, output or Path("maps") / f"{name}.html", gazetteer=gaz, pins=pins)))


@main.command("export")
@click.argument("file", type=_FILE, required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="OUT.gpkg (all layers, styled for QGIS), OUT.geojson or OUT.csv (the regions layer).")
@click.option("--control", "controls", type=_FILE, multiple=True, help="Control layer(s) to measure and include.")
@_control_options
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@_boundary_options
def export_cmd(file, output, controls, status_field, occupied_value, date, gaz) -> None:
    """Write the text's regions, claims, mentions and control data as GIS files.

    \b
    Examples:
      geo export report.txt --control deepstatemap_data_20241120.geojson -o report.gpkg
      geo export report.txt -o regions.geojson
    """
    from geo.export import write_export

    doc = _document(file, date)
    layer = report = None
    if controls:
        from geo.verify import pick_layer, verify

        layer, _ = pick_layer(_read_layers(controls, status_field, occupied_value, gaz, doc.date), doc.date)
        report = verify(doc, layer, gazetteer=gaz)
    click.echo(str(write_export(doc, output, control=layer, verification=report, gazetteer=gaz)))


@main.command("verify")
@click.argument("file", type=_FILE, required=False)
@click.option("--control", "controls", type=_FILE, multiple=True, required=True,
              help="Control layer (repeat for several dates: the nearest on or before the text's date is used).")
@_control_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
@_boundary_options
def verify_cmd(file, controls, status_field, occupied_value, fmt, date, output, gaz) -> None:
    """Check every figure in a text against territorial-control data.

    \b
    Examples:
      geo verify seeds/2024-11-20-kremlin-ceasefire-terms.txt --control deepstatemap_data_20241120.geojson
      geo verify report.txt --control day1.geojson --control day2.geojson --format json
    """
    from geo.verify import verify

    doc = _document(file, date)
    report = verify(doc, _read_layers(controls, status_field, occupied_value, gaz, doc.date), gazetteer=gaz)
    if fmt == "json":
        text = report.to_json()
    else:
        head = (f"{doc.path}: {len(report.verifications)} figures checked against {report.control['source']} "
                f"({report.control['date'] or 'undated'}; {report.control['note']})")
        if report.boundaries:
            head += f"\nboundaries of {', '.join(report.boundaries['units'])} from {report.boundaries['source']}"
        rows = [f"{v.verdict.upper():<13} {v.claim_id}  {v.explanation}" for v in report.verifications]
        text = "\n".join([head, "", *rows]) + "\n"
    _emit(text, output)


@main.group("control")
def control_group() -> None:
    """Territorial-control layers: measure who holds what."""


@control_group.command("measure")
@click.argument("control", type=_FILE)
@click.option("--regions", default="UA", show_default=True,
              help="Comma-separated codes; groups (FOUR-ANNEXED, DONBAS, CRIMEA) and UA expand to their oblasts.")
@_control_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
@click.option("--date", help="With a folder or manifest of snapshots: the day to measure (nearest on or before) "
                             "[default: the last].")
@_boundary_options
def measure_cmd(control, regions, status_field, occupied_value, fmt, output, date, gaz) -> None:
    """Per region: area, Russian-held share and km2, contested and Ukrainian-held km2.

    \b
    Examples:
      geo control measure deepstatemap_data_20241120.geojson --regions FOUR-ANNEXED,UA-63,UA-48
      geo control measure isw.geojson --format csv -o shares.csv
      geo control measure deepstate.geojson --boundaries geoBoundaries-UKR-ADM1.geojson
    """
    from geo.control import measure

    codes = [c.strip() for c in regions.split(",") if c.strip()]
    for code in codes:
        gaz[code]  # unknown codes fail here, with the list command to run
    (layer,) = _read_layers((control,), status_field, occupied_value, gaz, date)
    rows = [r.to_dict() for r in measure(layer, codes, gazetteer=gaz).values()]
    if fmt == "json":
        text = dumps_json({"control": {"source": layer.source, "date": layer.date, "format": layer.format},
                           "boundaries": gaz.boundary_source.to_dict() if gaz.boundary_source else None,
                           "regions": rows})
    elif fmt == "csv":
        text = _csv(rows, list(rows[0]) if rows else ["code"])
    else:
        text = f"{'code':<7} {'name':<30} {'RU %':>7} {'RU km2':>10} {'contested':>10} {'UA km2':>10}\n" + "".join(
            f"{r['code']:<7} {r['name']:<30} {r['share_russia'] * 100:>7.2f} {r['russia_km2']:>10,.0f} "
            f"{r['contested_km2']:>10,.0f} {r['ukraine_km2']:>10,.0f}\n" for r in rows)
    _emit(text, output)


@control_group.command("fetch")
@click.argument("source", type=click.Choice(["deepstate"]))
@click.option("--date", "day", help="Day of the snapshot, YYYY-MM-DD (or give --from and --to).")
@click.option("--from", "start", help="First day of a range, YYYY-MM-DD.")
@click.option("--to", "end", help="Last day of a range, YYYY-MM-DD [default: --from].")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where to keep downloads [default: $GEO_CACHE_DIR or ~/.cache/geo].")
@click.option("--base-url", help="Archive to download from, with {commit} where the commit goes "
                                 "[default: the public DeepStateMap daily archive, pinned].")
@click.option("--commit", help="Commit of the archive to pin [default: the latest, asked from --commits-url].")
@click.option("--commits-url", help="URL that answers the archive's latest commit sha [default: GitHub's API].")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds to wait for an answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True)
@click.option("--refresh", is_flag=True, help="Download again even if a checked copy is cached (and compare).")
@click.option("--accept-changes", is_flag=True, help="With --refresh, take files that changed upstream.")
def fetch_cmd(source, day, start, end, cache_dir, base_url, commit, commits_url, timeout, retries, refresh,
              accept_changes) -> None:
    """Download daily control snapshots into the cache, pinned in its manifest.

    With --date, print the file's path; with --from/--to, the manifest's path.
    Resumable: days already fetched and unchanged are not requested again.

    \b
    Examples:
      geo control fetch deepstate --date 2024-11-20
      geo control fetch deepstate --from 2024-01-01 --to 2024-12-31
      geo verify report.txt --control "$(geo control fetch deepstate --date 2024-11-20)"
    """
    from geo.archive import fetch_range
    from geo.fetch import FetchError

    if (day is None) == (start is None):
        raise click.UsageError("give --date D, or --from D1 [--to D2]")
    first, last = (day, day) if day else (start, end or start)
    from geo.snapshots import parse_date

    with _progress((parse_date(last) - parse_date(first)).days + 1) as step:
        report = fetch_range(first, last, cache=cache_dir, base_url=base_url, commit=commit, commits_url=commits_url,
                             timeout=timeout, retries=retries, refresh=refresh, accept_changes=accept_changes,
                             progress=step)
    for note in report.notes:
        click.echo(f"geo: {note}", err=True)
    if day and report.missing_upstream:
        raise FetchError(report.notes[-1])
    if day:
        click.echo(f"geo: {'downloaded' if report.downloaded else 'cached'}"
                   + (f" (changed upstream; the pinned copy is kept)" if report.changed else ""), err=True)
        click.echo(str(report.manifest.parent / f"deepstatemap_data_{day.replace('-', '')}.geojson"))
        return
    click.echo(f"geo: {report.summary()}", err=True)
    click.echo(str(report.manifest))


@contextlib.contextmanager
def _progress(total: int):
    """A progress bar of *total* steps on stderr, shown only on a terminal; yields ``step(date)``."""
    if not sys.stderr.isatty() or total < 2:
        yield lambda date: None
        return
    with click.progressbar(length=total, label="snapshots", file=sys.stderr,
                           item_show_func=lambda d: d) as bar:
        yield lambda date: bar.update(1, date)


@control_group.command("list")
@click.argument("snapshots", type=_FILE, required=False)
@click.option("--from", "start", help="Report missing days from this day [default: the first snapshot].")
@click.option("--to", "end", help="Report missing days up to this day [default: the last snapshot].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_cmd(snapshots, start, end, fmt) -> None:
    """Show the snapshots of a folder or manifest (default: the cache), checked, and the days missing.

    \b
    Examples:
      geo control list
      geo control list archive/ --from 2024-01-01 --to 2024-12-31
    """
    from geo.fetch import cache_dir
    from geo.snapshots import read_snapshots

    if snapshots is None and not (cache_dir() / "deepstate").exists():
        raise InputError(f"{str(cache_dir() / 'deepstate')!r}: the cache holds no snapshots yet; "
                         "fill it with 'geo control fetch deepstate --from D1 --to D2'")
    found = read_snapshots(snapshots or cache_dir() / "deepstate")
    rows = []
    for snap in found:
        try:
            snap.check()
            state = "pinned" if snap.sha256 and snap.commit else ("checked" if snap.sha256 else "unpinned")
        except GeoError:
            state = "missing" if not snap.path.exists() else "CHANGED"
        rows.append({**snap.to_dict(), "state": state})
    missing = found.missing(start, end)
    if fmt == "json":
        text = dumps_json({"source": found.source, "snapshots": rows, "missing": missing})
    else:
        from geo.archive import _spans

        text = "".join(f"{r['date']}  {r['state']:<8}  {Path(r['path']).name}\n" for r in rows)
        text += (f"{len(rows)} snapshots, {found.dates[0]} to {found.dates[-1]}; "
                 f"{len(missing)} days missing" + (f": {_spans(missing)}" if missing else "") + "\n")
    _emit(text, None)
    if any(r["state"] in ("missing", "CHANGED") for r in rows):
        click.echo("geo: some files are missing or changed since they were fetched; "
                   "run 'geo control fetch' again", err=True)


@control_group.command("diff")
@click.argument("old", type=_FILE)
@click.argument("new", type=_FILE, required=False)
@click.option("--from", "start", help="With a folder or manifest: the old snapshot's date (nearest on or before).")
@click.option("--to", "end", help="With a folder or manifest: the new snapshot's date (nearest on or before).")
@click.option("--regions", default="UA", show_default=True,
              help="Comma-separated codes; groups (FOUR-ANNEXED, DONBAS) and UA expand to their oblasts.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "geojson", "gpkg"]), default="table",
              show_default=True, help="Figures (table, json: geo.diff/1) or the gained/lost polygons (geojson, gpkg).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write here instead of stdout (needed for gpkg).")
@_boundary_options
def diff_cmd(old, new, start, end, regions, fmt, output, gaz) -> None:
    """Km2 Russia gained, lost and net between two snapshots, per region and in total.

    \b
    Examples:
      geo control diff deepstatemap_data_20241101.geojson deepstatemap_data_20241120.geojson
      geo control diff ~/.cache/geo/deepstate --from 2024-11-01 --to 2024-11-30 --format json
      geo control diff a.geojson b.geojson --regions DONBAS --format gpkg -o change.gpkg
    """
    from geo.changes import diff, write_diff

    codes = [c.strip() for c in regions.split(",") if c.strip()]
    for code in codes:
        gaz[code]
    if new is None:
        if not (start and end):
            raise click.UsageError("give two snapshots, or a folder or manifest with --from and --to")
        new = old
    old_layer = _read_layers((old,), None, None, gaz, date=start)[0]
    new_layer = _read_layers((new,), None, None, gaz, date=end)[0]
    if old_layer.source == new_layer.source:
        raise InputError(f"{new}: both dates pick the same snapshot ({new_layer.date}); nothing to compare")
    result = diff(old_layer, new_layer, codes, gazetteer=gaz)
    if fmt in ("geojson", "gpkg"):
        if output is None:
            raise click.UsageError(f"--format {fmt} needs -o FILE")
        click.echo(str(write_diff(result, output, fmt, layers=(old_layer, new_layer))))
        return
    _emit(result.to_json() if fmt == "json" else result.table(), output)


@control_group.command("timeline")
@click.argument("snapshots", type=_FILE, nargs=-1)
@click.option("--regions", default="FOUR-ANNEXED", show_default=True,
              help="Comma-separated codes; groups and UA expand to their oblasts.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="CSV to write (one line per date and region).")
@click.option("--png", type=click.Path(path_type=Path, dir_okay=False),
              help="Line chart to write [default: the CSV's name with .png].")
@click.option("--from", "start", help="First day to include, YYYY-MM-DD.")
@click.option("--to", "end", help="Last day to include, YYYY-MM-DD.")
@click.option("--period", type=click.Choice(["week", "month"]),
              help="One row per week or month (its last snapshot), with the net change over it.")
@_boundary_options
def timeline_cmd(snapshots, regions, output, png, start, end, period, gaz) -> None:
    """Russian-held km2 and share per date and region, and the net change since the previous date.

    SNAPSHOTS are files, folders or manifests [default: the cache of 'geo control fetch'].

    \b
    Examples:
      geo control timeline archive/ --regions UA-14,UA-09,UA-23,UA-65 -o timeline.csv
      geo control timeline day1.geojson day2.geojson -o t.csv --png t.png
      geo control timeline --from 2024-01-01 --to 2024-12-31 --period week -o 2024-weekly.csv
    """
    from geo.fetch import cache_dir
    from geo.timeline import plot_timeline, rows_to_csv, timeline

    codes = [c.strip() for c in regions.split(",") if c.strip()]
    for code in codes:
        gaz[code]
    with click.progressbar(length=1, label="snapshots", file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(1)

        rows = timeline(snapshots or (cache_dir() / "deepstate",), codes, gazetteer=gaz, progress=progress,
                        start=start, end=end, period=period)
    write_text(output, rows_to_csv(rows))
    chart = plot_timeline(rows, png or output.with_suffix(".png"))
    click.echo(f"{output}\n{chart}")


def _csv(rows: list[dict], fields: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


_REGION_FIELDS = ("code", "name_en", "name_uk", "name_ru", "type", "official_km2", "polygon_km2")


def _country(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None or value.upper() in COUNTRIES:
        return value.upper() if value else None
    raise click.BadParameter(f"unknown country {value!r}; choose one of {', '.join(COUNTRIES)}")


@main.command("regions")
@click.option("--country", callback=_country, metavar="|".join(COUNTRIES),
              help="Only the first-level units of this country.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
@_boundary_options
def regions_cmd(country: str | None, fmt: str, output: Path | None, gaz: Gazetteer) -> None:
    """List the gazetteer's first-level units with codes, names and areas.

    With --boundaries, the polygon areas are those of your file, and a column says which units it gives.

    \b
    Examples:
      geo regions --country UA
      geo regions --country RU --format csv -o ru.csv
      geo regions --country UA --boundaries geoBoundaries-UKR-ADM1.geojson
    """
    user = set(gaz.boundary_source.frame.index) if gaz.boundary_source else set()
    rows = [{f: getattr(r, f) for f in _REGION_FIELDS} for r in gaz.regions(country)]
    for row in rows if user else ():
        row["boundary"] = "user" if row["code"] in user else "embedded"
    if fmt == "json":
        text = dumps_json(rows)
    elif fmt == "csv":
        text = _csv(rows, list(rows[0]) if rows else list(_REGION_FIELDS))
    else:
        text = "".join(
            f"{r['code']:<7} {r['name_en']:<28} {r['official_km2'] or '':>8} {r['polygon_km2']:>11.1f}  "
            + (f"{r['boundary']:<9} " if user else "") + f"{r['name_uk'] or ''} / {r['name_ru'] or ''}\n"
            for r in rows
        )
        text = (f"{'code':<7} {'name':<28} {'off. km2':>8} {'polygon km2':>11}  " + (f"{'boundary':<9} " if user else "")
                + "Ukrainian / Russian\n" + text)
    _emit(text, output)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
