"""The ``geo`` command line: ``geo extract``, ``geo map``, ``geo regions``.

Data goes to stdout only when asked for (``--format json``), and so do the
paths of the files written, one a line; messages go to stderr (none with
``--quiet``). Exit codes: 0 success, 2 bad input or usage (one line naming the
file and the problem), 1 unexpected failure or an unreachable server (rerun
with ``--debug`` for the traceback), 3 ``geo verify --fail-on`` found a figure
that fails.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import math
import sys
import traceback
import warnings
from pathlib import Path

import click

from geo._console import say as _say, shown as _shown, written as _written
from geo._files import dumps_json, same_file, write_all, write_text
from geo.errors import GeoError, InputError
from geo.extract import Document, extract
from geo.gazetteer import COUNTRIES, Gazetteer
from geo.source import MAX_BYTES, read_text

class _Path(click.Path):
    """A file name; one with a NUL byte (which no file system allows) is a usage error, not a crash."""

    def convert(self, value, param, ctx):
        if "\x00" in str(value):
            self.fail(f"{_shown(str(value))!r}: a file name cannot contain a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


_FILE = _Path(path_type=Path, dir_okay=True, exists=False)


class _Positive(click.ParamType):
    """A finite number above zero (click's FloatRange lets NaN and infinity through)."""

    name = "number"

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number > 0):
            self.fail(f"{value!r} is not a finite number above 0", param, ctx)
        return number


_POSITIVE = _Positive()


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    _say(f"warning: {message}")


class _Group(click.Group):
    """Turn geo's errors into one line on stderr and the documented exit codes."""

    def invoke(self, ctx: click.Context):
        warnings.showwarning = _show_warning  # one line each, never a library's source line
        try:
            return super().invoke(ctx)
        except GeoError as err:
            _say(f"error: {' '.join(str(err).splitlines())}")
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as err:  # the last line of defence: report, never a bare traceback
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            _say(f"unexpected failure: {type(err).__name__}: {err} (rerun with --debug for the traceback)")
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected failures.")
@click.option("-q", "--quiet", is_flag=True, help="No messages on stderr (errors still are).")
@click.option("--max-input-mb", type=_POSITIVE, default=MAX_BYTES / 1e6, show_default=True,
              help="Largest text file read, in MB.")
@click.version_option(package_name="geo-claims", prog_name="geo")
@click.pass_context
def main(ctx: click.Context, debug: bool, quiet: bool, max_input_mb: float) -> None:
    """Read territorial claims in news text, link them to boundaries and map them.

    FILE arguments default to the embedded seed article (2024-11-20); "-" reads standard input.
    Paths of written files go to stdout, messages to stderr.
    """
    ctx.obj = {"debug": debug, "quiet": quiet, "max_bytes": int(max_input_mb * 1e6)}


def _document(file: Path | None, date: str | None) -> Document:
    import geo

    max_bytes = (click.get_current_context().find_root().obj or {}).get("max_bytes")
    if file is not None and str(file) == "-":
        from geo.source import Text, _decode

        data = sys.stdin.buffer.read(max_bytes + 1 if max_bytes else -1)
        if max_bytes and len(data) > max_bytes:
            raise InputError(f"<stdin>: more than {max_bytes / 1e6:g} MB; raise --max-input-mb to read it")
        return extract(Text.from_string(_decode(data, "<stdin>"), date=date))
    return extract(read_text(file if file is not None else geo.SEED, date=date, max_bytes=max_bytes))


def _not_an_input(output: Path | None, *inputs: Path | None) -> None:
    """Refuse ``-o`` naming one of the command's input files (it would be replaced before it is read)."""
    for path in inputs:
        if output is not None and path is not None and str(path) != "-" and same_file(output, path):
            raise InputError(f"{str(output)!r}: the output is the input file {str(path)!r}; choose another -o")


def _emit(text: str, output: Path | None, table: bool = False) -> None:
    if output is None:
        click.echo(_shown(text) if table else text, nl=False)
    else:
        _written(write_text(output, text))


def _table(doc: Document) -> str:
    """A terminal view: one block per claim, then the places named."""
    lines = [f"{doc.path or 'text'}  date: {doc.date or '-'}  source: {doc.source or '-'}",
             f"{len(doc.claims)} claims, {len(doc.quantities)} figures, {len(doc.mentions)} place mentions", ""]
    for c in doc.claims:
        figure = c.quantity.describe() if c.quantity else "-"
        part = f" ({c.part})" if c.part else ""  # "UA-14 (Selydove)": a part of the region, not all of it
        lines.append(f"{c.id}  {c.actor or '?'} {c.relation} {', '.join(c.regions)}{part}  [{figure}]  "
                     f"{c.modality}" + (f", per {c.attribution}" if c.attribution else ""))
        lines.append(f"    \"{' '.join(c.evidence.split())}\"")
    lines += _settlement_lines(doc)
    territory = ", ".join(doc.territory()) or "none"
    actors = ", ".join(dict.fromkeys(f"{m.text} ({m.actor})" for m in doc.mentions if m.role == "actor")) or "none"
    lines += ["", f"territory: {territory}", f"actors: {actors}"]
    return "\n".join(lines) + "\n"


def _settlement_lines(doc: Document) -> list[str]:
    """Settlement claims and mentions for the terminal view."""
    lines = []
    for c in doc.settlement_claims:
        m = doc.settlements[c.settlement]
        dist = f" [{c.distance['text']}]" if c.distance else ""
        lines.append(f"{c.id}  {c.actor or '?'} {c.relation} {c.name or m.text}{dist}  {c.modality}"
                     + (f", per {c.attribution}" if c.attribution else ""))
        lines.append(f"    \"{' '.join(c.evidence.split())}\"")
    if doc.settlements:
        lines += ["", "settlements: " + ", ".join(
            f"{m.text} ({m.name}, {m.oblast})" if m.code else
            f"{m.text} (ambiguous: {m.candidate_count} candidates{', ' + m.oblast if m.oblast else ''})"
            for m in doc.settlements)]
    return lines


@main.command("extract")
@click.argument("files", type=_FILE, nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
def extract_cmd(files: tuple[Path, ...], fmt: str, date: str | None, output: Path | None) -> None:
    """Find the places, figures and claims in news texts ("-" reads standard input).

    With several files, JSON is one geo.claims/1 document a line (JSON Lines), tables follow one another.

    \b
    Examples:
      geo extract seeds/2024-11-20-kremlin-ceasefire-terms.txt
      geo extract report.txt --format json | jq '.mentions[] | select(.role=="territory")'
      pbpaste | geo extract -
      geo extract reports/*.txt --format json > claims.jsonl
    """
    _not_an_input(output, *files)
    docs = [_document(file, date) for file in files or (None,)]
    if fmt == "json":
        text = docs[0].to_json() if len(docs) == 1 else "".join(dumps_json(d.to_dict(), indent=None) for d in docs)
    else:
        text = "\n".join(_table(d) for d in docs)
    _emit(text, output, table=fmt == "table")


def _read_layers(paths: tuple[Path, ...], status_field: str | None, occupied_value: str | None,
                 gaz: Gazetteer | None = None, date: str | None = None):
    """The control layers of *paths*; a folder or manifest of snapshots gives its snapshot of *date*."""
    from geo.control import read_control
    from geo.snapshots import is_manifest, read_snapshots

    layers = []
    name = click.get_current_context().meta.get("geo.control_layer")
    for path in paths:
        if path.is_dir() or is_manifest(path):
            found = read_snapshots(path)
            snap = found.at(date) if date else found.snapshots[-1]
            snap.check()
            near = f", the nearest on or before {date}" if date and snap.date != date else ""
            _say(f"{path}: the snapshot of {snap.date} ({snap.path.name}{near})")
            path = snap.path
        layer = read_control(path, status_field=status_field, occupied_value=occupied_value, gazetteer=gaz,
                             layer=name)
        for note in layer.notes:
            _say(f"{path}: {note}")
        layers.append(layer)
    return layers


_CONTROL_OPTIONS = [
    click.option("--status-field", help="Field that holds each polygon's status (generic polygon files)."),
    click.option("--occupied-value", help="Value of --status-field that means occupied [default: occupied]."),
    click.option("--control-layer", expose_value=False, is_eager=True,
                 callback=lambda ctx, param, value: ctx.meta.__setitem__("geo.control_layer", value),
                 help="Layer of a control file with several (GeoPackage)."),
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
            _say(f"{boundaries}: {len(found.frame)} units linked through {found.field} ({found.scheme})")
            for note in found.notes:
                _say(f"{boundaries}: {note}")
            gaz = gaz.with_boundaries(found)
        return func(*args, gaz=gaz, **kwargs)
    return wrapper


@main.command("map")
@click.argument("file", type=_FILE, required=False)
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False),
              help="File to write; .html or .png decides the format [default: maps/<name of the text>.html].")
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@click.option("--control", "controls", type=_FILE, multiple=True,
              help="Control layer(s): adds who holds the regions and the checked figures.")
@_control_options
@click.option("--format", "fmt", type=click.Choice(["html", "png"]),
              help="An interactive page, or a static image for reports [default: from -o, else html].")
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
    from geo.render import _tile_provider, write_map, write_png
    from geo.snapshots import is_manifest

    fmt = _map_format(output, fmt)
    _not_an_input(output, file, *controls)
    series = [c for c in controls if c.is_dir() or is_manifest(c)]
    if series and (file is None or start or end):
        _slider(series, output, fmt, start, end, gaz, _document(file, date) if file is not None else None)
        return
    if start or end:
        raise click.UsageError("--from and --to need --control with a folder or manifest of snapshots")

    fmt = _map_format(output, fmt)
    _not_an_input(output, file, *controls)
    if tiles:
        try:
            _tile_provider(tiles)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--tiles") from None
    doc = _document(file, date)
    layer = report = None
    if controls:
        from geo.verify import pick_layer, verify

        layers = _read_layers(controls, status_field, occupied_value, gaz, doc.date)
        layer, _ = pick_layer(layers, doc.date)
        report = verify(doc, layer, gazetteer=gaz)
    if fmt == "png":
        _written(write_png(doc, output, control=layer, verification=report, gazetteer=gaz))
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = write_map(doc, output, control=layer, verification=report, tiles=tiles, gazetteer=gaz)
    for w in dict.fromkeys(str(w.message).split("\n")[0] for w in caught):
        _say(f"--tiles {tiles}: {w}" if tiles else w)  # a library's warning, as one line of ours
    _written(written)


def _map_format(output: Path | None, fmt: str | None) -> str:
    """The map's format: --format, else the suffix of -o (.html or .png); a mismatch is a usage error."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if suffix in ("htm", "html"):
        suffix = "html"
    if output is not None and suffix not in ("html", "png"):
        raise click.BadParameter(f"{str(output)!r} ends in neither .html nor .png", param_hint="-o/--output")
    if fmt is not None and output is not None and fmt != suffix:
        raise click.BadParameter(f"--format {fmt} does not match {str(output)!r}; drop --format or name a .{fmt} file",
                                 param_hint="-o/--output")
    return fmt or suffix or "html"


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
        _written(write_small_multiples(layers, output or Path("maps") / f"{name}.png", gazetteer=gaz))
    else:
        pins = []
        if doc is not None and doc.date:
            layer = next((lay for lay in reversed(layers) if lay.date <= doc.date), None)
            if layer is None:
                _say(f"no snapshot on or before the text's date {doc.date}: its figures are not pinned")
            else:
                pins = pins_from_report(verify(doc, layer, gazetteer=gaz), gaz)
        _written(write_slider(layers, output or Path("maps") / f"{name}.html", gazetteer=gaz, pins=pins))


@main.command("export")
@click.argument("file", type=_FILE, required=False)
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False), required=True,
              help="OUT.gpkg (all layers, styled for QGIS), OUT.geojson or OUT.csv (the regions layer).")
@click.option("--control", "controls", type=_FILE, multiple=True, help="Control layer(s) to measure and include.")
@_control_options
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@click.option("--layer", "layer_name", type=click.Choice(["regions", "claims", "mentions", "control", "settlements"]),
              default="regions", show_default=True, help="The layer written to OUT.geojson or OUT.csv.")
@_boundary_options
def export_cmd(file, output, controls, status_field, occupied_value, date, layer_name, gaz) -> None:
    """Write the text's regions, claims, mentions and control data as GIS files.

    \b
    Examples:
      geo export report.txt --control deepstatemap_data_20241120.geojson -o report.gpkg
      geo export report.txt -o regions.geojson
      geo export report.txt --control deepstatemap_data_20241120.geojson --layer settlements -o towns.csv
    """
    from geo.export import write_export

    _not_an_input(output, file, *controls)
    doc = _document(file, date)
    layer = report = None
    if controls:
        from geo.verify import pick_layer, verify

        layer, _ = pick_layer(_read_layers(controls, status_field, occupied_value, gaz, doc.date), doc.date)
        report = verify(doc, layer, gazetteer=gaz)
    written = write_export(doc, output, control=layer, verification=report, gazetteer=gaz, layer=layer_name)
    if written.suffix.lower() == ".csv":
        _written(written.with_suffix(".csvt"))
        _written(written.with_suffix(".prj"))
    _written(written)


@main.command("verify")
@click.argument("file", type=_FILE, required=False)
@click.option("--control", "controls", type=_FILE, multiple=True, required=True,
              help="Control layer or a folder of dated snapshots (repeat for several): each claim is checked at its own "
                   "date, against the snapshot on or up to 7 days before it.")
@_control_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--date", help="Date of the text, YYYY-MM-DD (overrides its .meta.json).")
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
@click.option("--fail-on", type=click.Choice(["inconsistent", "unverifiable"]),
              help="Exit 3 when a figure is inconsistent (or, with 'unverifiable', not shown consistent), "
                   "like a linter in a pipeline; the report is written first.")
@_boundary_options
def verify_cmd(file, controls, status_field, occupied_value, fmt, date, output, fail_on, gaz) -> None:
    """Check every figure in a text against territorial-control data.

    \b
    Examples:
      geo verify seeds/2024-11-20-kremlin-ceasefire-terms.txt --control deepstatemap_data_20241120.geojson
      geo verify report.txt --control day1.geojson --control day2.geojson --format json
      geo verify report.txt --control snapshots/     (a folder of dated daily snapshots)
      geo verify report.txt --control day.geojson --fail-on inconsistent || echo "check the text"
    """
    from geo.verify import verify

    _not_an_input(output, file, *controls)
    doc = _document(file, date)
    # Folders hold dated snapshots; each is read only if some claim's time picks it.
    report = verify(doc, list(controls), gazetteer=gaz,
                    read=lambda path: _read_layers((path,), status_field, occupied_value, gaz)[0])
    for note in dict.fromkeys(v.snapshot["note"] for v in report.verifications if v.snapshot):
        _say(note)  # which snapshot each claim's date picked ("snapshot of 2024-11-02 for 2024-11-03 ...")
    if fmt == "json":
        text = report.to_json()
    else:
        head = (f"{doc.path}: {len(report.verifications)} figures checked against {report.control['source']} "
                f"({report.control['date'] or 'undated'}; {report.control['note']})")
        if report.boundaries:
            head += f"\nboundaries of {', '.join(report.boundaries['units'])} from {report.boundaries['source']}"
        rows = [f"{v.verdict.upper():<13} {v.claim_id}  {v.explanation}"
                for v in (*report.verifications, *report.settlements)]
        text = "\n".join([head, "", *rows]) + "\n"
    _emit(text, output)
    failing = {"inconsistent": {"inconsistent"}, "unverifiable": {"inconsistent", "unverifiable"}}.get(fail_on, set())
    bad = [v.claim_id for v in report.verifications if v.verdict in failing]
    if bad:
        _say(f"{len(bad)} figure(s) {' or '.join(sorted(failing))}: {', '.join(bad)}")
        sys.exit(3)


@main.group("control")
def control_group() -> None:
    """Territorial-control layers: measure who holds what."""


@control_group.command("measure")
@click.argument("control", type=_FILE)
@click.option("--regions", default="UA", show_default=True,
              help="Comma-separated codes; groups (FOUR-ANNEXED, DONBAS, CRIMEA) and UA expand to their oblasts.")
@_control_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
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
    _not_an_input(output, control)
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
    _emit(text, output, table=fmt == "table")


@control_group.command("fetch")
@click.argument("source", type=click.Choice(["deepstate"]))
@click.option("--date", "day", help="Day of the snapshot, YYYY-MM-DD (or give --from and --to).")
@click.option("--from", "start", help="First day of a range, YYYY-MM-DD.")
@click.option("--to", "end", help="Last day of a range, YYYY-MM-DD [default: --from].")
@click.option("--cache-dir", type=_Path(path_type=Path, file_okay=False),
              help="Where to keep downloads [default: $GEO_CACHE_DIR or ~/.cache/geo].")
@click.option("--base-url", help="Archive to download from, with {commit} where the commit goes "
                                 "[default: the public DeepStateMap daily archive, pinned].")
@click.option("--commit", help="Commit of the archive to pin [default: the latest, asked from --commits-url].")
@click.option("--commits-url", help="URL that answers the archive's latest commit sha [default: GitHub's API].")
@click.option("--timeout", type=_POSITIVE, default=20.0, show_default=True, help="Seconds to wait for each answer.")
@click.option("--deadline", type=_POSITIVE, default=300.0, show_default=True,
              help="Seconds for each day's whole download, retries included.")
@click.option("--max-mb", type=_POSITIVE, default=256.0, show_default=True, help="Largest download accepted, in MB.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True)
@click.option("--refresh", is_flag=True, help="Download again even if a checked copy is cached (and compare).")
@click.option("--accept-changes", is_flag=True, help="With --refresh, take files that changed upstream.")
def fetch_cmd(source, day, start, end, cache_dir, base_url, commit, commits_url, timeout, deadline, max_mb, retries,
              refresh, accept_changes) -> None:
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
    from geo.fetch import FetchError, UnreachableError

    if (day is None) == (start is None):
        raise click.UsageError("give --date D, or --from D1 [--to D2]")
    first, last = (day, day) if day else (start, end or start)
    from geo.snapshots import parse_date

    try:
        with _progress((parse_date(last) - parse_date(first)).days + 1) as step:
            report = fetch_range(first, last, cache=cache_dir, base_url=base_url, commit=commit,
                                 commits_url=commits_url, timeout=timeout, retries=retries, refresh=refresh,
                                 accept_changes=accept_changes, progress=step, deadline=deadline, max_mb=max_mb)
    except UnreachableError as err:  # the network, not the input: exit 1
        click.echo(_shown(f"geo: error: {err}"), err=True)
        sys.exit(1)
    for note in report.notes:
        _say(note)
    if day and report.missing_upstream:
        raise FetchError(report.notes[-1])
    if day:
        _say(("downloaded" if report.downloaded else "cached")
             + (" (changed upstream; the pinned copy is kept)" if report.changed else ""))
        _written(report.manifest.parent / f"deepstatemap_data_{day.replace('-', '')}.geojson")
        return
    _say(report.summary())
    _written(report.manifest)


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
        _say("some files are missing or changed since they were fetched; run 'geo control fetch' again")


@control_group.command("diff")
@click.argument("old", type=_FILE)
@click.argument("new", type=_FILE, required=False)
@click.option("--from", "start", help="With a folder or manifest: the old snapshot's date (nearest on or before).")
@click.option("--to", "end", help="With a folder or manifest: the new snapshot's date (nearest on or before).")
@click.option("--regions", default="UA", show_default=True,
              help="Comma-separated codes; groups (FOUR-ANNEXED, DONBAS) and UA expand to their oblasts.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "geojson", "gpkg"]), default="table",
              show_default=True, help="Figures (table, json: geo.diff/1) or the gained/lost polygons (geojson, gpkg).")
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False),
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
        _written(write_diff(result, output, fmt, layers=(old_layer, new_layer)))
        return
    _emit(result.to_json() if fmt == "json" else result.table(), output)


@control_group.command("timeline")
@click.argument("snapshots", type=_FILE, nargs=-1)
@click.option("--regions", default="FOUR-ANNEXED", show_default=True,
              help="Comma-separated codes; groups and UA expand to their oblasts.")
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False), required=True,
              help="CSV to write (one line per date and region).")
@click.option("--png", type=_Path(path_type=Path, dir_okay=False),
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
    from geo.snapshots import read_snapshots
    from geo.timeline import chart_writer, rows_to_csv, timeline

    codes = [c.strip() for c in regions.split(",") if c.strip()]
    for code in codes:
        gaz[code]
    chart = png or output.with_suffix(".png")
    sources = snapshots or (cache_dir() / "deepstate",)
    inputs = [snap.path for snap in read_snapshots(*sources)]
    _not_an_input(output, *inputs)
    _not_an_input(chart, *inputs)
    if sys.stderr.isatty():  # a bar for people; nothing before an error line in logs and pipes
        with click.progressbar(length=1, label="snapshots", file=sys.stderr) as bar:
            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(1)

            rows = timeline(sources, codes, gazetteer=gaz, progress=progress, start=start, end=end, period=period)
    else:
        rows = timeline(sources, codes, gazetteer=gaz, start=start, end=end, period=period)
    text = rows_to_csv(rows)
    write_all([(output, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n")), (chart, chart_writer(rows))])
    _written(output)
    _written(chart)


def _csv(rows: list[dict], fields: list[str]) -> str:
    from geo import _csv as csv_

    return csv_.dumps(fields, ([row.get(f) for f in fields] for row in rows))


_REGION_FIELDS = ("code", "name_en", "name_uk", "name_ru", "type", "official_km2", "polygon_km2")


def _country(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None or value.upper() in COUNTRIES:
        return value.upper() if value else None
    raise click.BadParameter(f"unknown country {value!r}; choose one of {', '.join(COUNTRIES)}")


@main.command("regions")
@click.option("--country", callback=_country, metavar="|".join(COUNTRIES),
              help="Only the first-level units of this country.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", type=_Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
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
    _emit(text, output, table=fmt == "table")


_PLACE_FIELDS = ("code", "name_en", "name_uk", "name_ru", "oblast", "raion", "hromada", "category", "lon", "lat",
                 "population", "pop_class", "names_en")


def _lonlat(lon: float | None, lat: float | None) -> str:
    return "-" if lon is None else f"{lon:.4f}, {lat:.4f}"


@main.command("places")
@click.argument("search")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
def places_cmd(search: str, fmt: str, output: Path | None) -> None:
    """Look up a town or village by any spelling or case form.

    Official Ukrainian names, the national transliteration, press and Russian spellings,
    former names (Artemivsk, Dzerzhynsk) and case forms ("у Покровську", "под Покровском")
    all find the settlement; namesakes are all listed, cities first.

    \b
    Examples:
      geo places Artemovsk
      geo places "под Покровском" --format json
      geo places Novoselivka --format csv -o novoselivka.csv
    """
    from geo.settlements import Settlements

    found = Settlements.default().search(search)
    rows = [{f: ("|".join(v) if isinstance(v := getattr(s, f), tuple) else v) for f in _PLACE_FIELDS} for s in found]
    if fmt == "json":
        text = dumps_json(rows)
    elif fmt == "csv":
        text = _csv(rows, list(_PLACE_FIELDS))
    elif not rows:
        text = f"no settlement named {search!r}\n"
    else:
        head = f"{'code':<20} {'name':<22} {'oblast':<7} {'raion':<18} {'category':<10} {'lon, lat':<20} population\n"
        text = head + "".join(
            f"{r['code']:<20} {r['name_en']:<22} {r['oblast']:<7} {r['raion'] or '':<18} {r['category']:<10} "
            f"{_lonlat(r['lon'], r['lat']):<20} {r['population'] if r['population'] is not None else '-'}\n"
            for r in rows)
    _emit(text, output)


from geo._store_cli import claims_cmd, ingest_cmd, report_cmd  # noqa: E402  (corpus commands)

for _cmd in (ingest_cmd, claims_cmd, report_cmd):
    main.add_command(_cmd)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
