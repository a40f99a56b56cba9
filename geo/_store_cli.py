"""The corpus commands of the ``geo`` command line: ``geo ingest``, ``geo claims``, ``geo report``.

Kept apart from `geo.cli` so the one-document commands stay as they are; `geo.cli` adds these
to its group. Heavy imports (DuckDB, Dask, geopandas) happen inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from geo._console import say as _say, shown as _shown, written as _written

__all__ = ["ingest_cmd", "claims_cmd", "report_cmd"]

_STORE_HELP = "A DuckDB file (created if missing) or postgresql://user@host:port/db."


def _columns(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    from geo.sources import FIELDS

    out = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or field not in FIELDS or not column:
            raise click.BadParameter(f"{value!r}: give FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}")
        out[field] = column
    return out


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--store", "store_url", required=True, help=_STORE_HELP)
@click.option("--control", "controls", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="Control snapshot file or folder of them (repeat); each claim is checked against the latest "
                   "snapshot on or before its date.")
@click.option("--column", "columns", multiple=True, callback=_columns, metavar="FIELD=COLUMN",
              help="Read FIELD (text, date, source, url, title, lang) from COLUMN, e.g. --column text=body.")
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes.")
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786), or 'local' for a LocalCluster of "
                                  "--jobs workers on 127.0.0.1.")
@click.option("--chunk-size", type=click.IntRange(1, 100_000), default=250, show_default=True,
              help="Documents per chunk and per transaction.")
@click.option("-v", "--verbose", is_flag=True, help="Print a line for every committed chunk.")
def ingest_cmd(sources, store_url, controls, columns, jobs, scheduler, chunk_size, verbose) -> None:
    """Extract, verify and store every document of a corpus; rerun to resume.

    SOURCE is a folder of .txt files (with .meta.json beside them), a .jsonl, .csv or .parquet
    file with a text column and optional date, source, url, title, lang columns, or - for JSON
    Lines on stdin. Documents already in the store (same text) are skipped; a bad document is
    reported on one line and skipped; a killed run loses nothing committed.

    \b
    Examples:
      geo ingest feeds/2024-11-*.jsonl --store claims.duckdb --control snapshots/
      geo ingest archive.parquet --store postgresql://geo@127.0.0.1/geo --column text=body --jobs 4
      zcat today.jsonl.gz | geo ingest - --store claims.duckdb --control snapshots/
    """
    from geo.ingest import ingest
    from geo.sources import count_documents
    from geo.store import open_store

    if scheduler and "-" in sources:
        raise click.UsageError("standard input cannot be shared with a Dask cluster; write it to a file first")
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=count_documents(sources), unit="doc", file=sys.stderr, smoothing=0.1)
    last = [0]

    def committed(read: int, stored: int) -> None:
        if bar is not None:
            bar.update(read - last[0])
        last[0] = read
        if verbose:
            _say(f"committed {stored} documents ({read} read)")

    def rejected(r) -> None:
        # a skipped document is always said (even with --quiet), safe for a terminal
        (bar.write if bar is not None else lambda m: click.echo(m, err=True))(_shown(f"geo: skipped {r.message}"))

    with open_store(store_url) as store:
        try:
            result = ingest(sources, store, control=controls, columns=columns, jobs=jobs, scheduler=scheduler,
                            chunk_size=chunk_size, on_reject=rejected, on_commit=committed)
        finally:
            if bar is not None:
                bar.close()
    _say(result.summary())


_FORMATS = ["table", "json", "csv", "geoparquet", "gpkg"]


@click.command("claims")
@click.argument("store_url", metavar="STORE")
@click.option("--region", help="Claims about this region (code such as UA-14, or a name such as Donetsk).")
@click.option("--actor", help="RU, UA, ...")
@click.option("--relation", help="controls, holds, occupies, captured, ...")
@click.option("--verdict", type=click.Choice(["consistent", "inconsistent", "unverifiable", "unchecked"]))
@click.option("--source", help="Outlet, as stored (e.g. Reuters).")
@click.option("--since", help="First date, YYYY-MM-DD.")
@click.option("--until", help="Last date, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write here instead of stdout (required for geoparquet and gpkg).")
def claims_cmd(store_url, region, actor, relation, verdict, source, since, until, fmt, output) -> None:
    """Query the stored claims, oldest first.

    \b
    Examples:
      geo claims claims.duckdb --region Donetsk --verdict inconsistent --since 2024-11-01
      geo claims claims.duckdb --source Reuters --format csv -o reuters.csv
      geo claims claims.duckdb --actor RU --format geoparquet -o ru.parquet
    """
    from geo.errors import InputError
    from geo.gazetteer import Gazetteer
    from geo.query import write_claims
    from geo.source import check_date
    from geo.store import ClaimFilter, open_store

    if region is not None:
        gaz = Gazetteer.default()
        found = region.upper() if region.upper() in gaz else (gaz.lookup(region).code if gaz.lookup(region) else None)
        if found is None:
            raise InputError(f"--region: unknown region {region!r}; 'geo regions' lists the codes and names")
        region = found
    if fmt in ("geoparquet", "gpkg") and output is None:
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    where = ClaimFilter(region=region, actor=actor, relation=relation, verdict=verdict, source=source,
                        since=check_date(since, "--since"), until=check_date(until, "--until"))
    with open_store(store_url) as store:
        text = write_claims(store, where, fmt, output)
    if text is not None:
        click.echo(text, nl=False)
    else:
        _written(output)


@click.command("report")
@click.argument("store_url", metavar="STORE")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="HTML file to write.")
@click.option("--top", type=click.IntRange(1, 100_000), default=500, show_default=True,
              help="Claim groups in the table (most repeated first).")
@click.option("--map", "map_href", metavar="URL", help="Link to a map of control over time to show with the report.")
def report_cmd(store_url, output, top, map_href) -> None:
    """One offline HTML page about a store: repeated claims and stated against measured figures.

    \b
    Examples:
      geo report claims.duckdb -o report.html
    """
    from geo.report import write_report
    from geo.store import open_store

    with open_store(store_url) as store:
        _written(write_report(store, output, top=top, map_href=map_href))
