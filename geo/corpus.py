"""A synthetic news corpus for tests and benchmarks: many outlets, three languages, two years.

The texts are written from templates of this module (never copied from real reports):
wire-style items, daily assessments and short Ukrainian and Russian news items that state
territorial figures, with the talking points of the war repeated across outlets and days
(the same figure, sometimes reworded, sometimes inflated), articles that are not about
control at all, and a share of malformed rows (no text, empty text, bad dates, text that is
not a string, lines that are not JSON) so an ingest run has something to refuse.

Every document is a dict with ``text``, ``date``, ``source``, ``url``, ``title`` and
``lang``; the same seed gives the same corpus.

Examples
--------
>>> docs = list(generate(20, seed=1))
>>> len(docs), sorted(docs[0])
(20, ['date', 'lang', 'source', 'text', 'title', 'url'])
>>> sum(1 for d in generate(500, seed=1) if not isinstance(d.get("text"), str) or not d["text"].strip()) > 0
True
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import random
from pathlib import Path
from typing import Iterator

__all__ = ["generate", "write_corpus", "OUTLETS"]

_START = _dt.date(2023, 6, 1)
_DAYS = 731

_PLACES = ["Kyiv", "Lviv", "Kharkiv", "Odesa", "Dnipro", "Warsaw", "London", "Berlin", "Vienna", "Riga",
           "Prague", "Toronto", "Boston", "Denver", "Sydney", "Geneva", "Vilnius", "Tallinn", "Paris", "Madrid"]
_KINDS = ["Herald", "Ledger", "Observer", "Courier", "Dispatch", "Tribune", "Monitor", "Gazette", "Post",
          "Review", "Journal", "Chronicle", "Wire", "Bulletin", "Sentinel"]
#: A few hundred made-up outlets: "<place> <kind>".
OUTLETS: tuple[str, ...] = tuple(f"{p} {k}" for p in _PLACES for k in _KINDS)

# Region: (English, Ukrainian genitive, Russian genitive, Russian-held share %, about that date).
_REGIONS = {
    "UA-14": ("Donetsk", "Донецької області", "Донецкой области", 64),
    "UA-09": ("Luhansk", "Луганської області", "Луганской области", 99),
    "UA-23": ("Zaporizhzhia", "Запорізької області", "Запорожской области", 73),
    "UA-65": ("Kherson", "Херсонської області", "Херсонской области", 73),
    "UA-63": ("Kharkiv", "Харківської області", "Харьковской области", 3),
}
_HEDGES_EN = ["around", "about", "roughly", "nearly", "more than", "some", ""]
_HEDGES_UK = ["близько", "майже", "понад", "приблизно"]
_HEDGES_RU = ["около", "почти", "более", "примерно"]
_SAYERS_EN = ["the Defence Ministry said", "analysts said", "officials told reporters", "a spokesman said",
              "according to the governor", "the General Staff said"]
_EN = [
    "{city}, {month} {day} - Russian forces control {hedge} {pct}% of the {name} region, {sayer}. "
    "Fighting continued along the front line, and shelling was reported overnight.",
    "Russia now holds {hedge} {pct}% of the {name} region, {sayer} on {weekday}. "
    "The figure could not be independently verified.",
    "In its daily assessment, the institute said Moscow occupies {hedge} {pct} percent of the {name} region. "
    "Ukrainian troops still hold positions near the regional border.",
    "Ukraine controls {hedge} {upct}% of the {name} region, {sayer}. Evacuations continued in frontline towns.",
    "Moscow claims to control {hedge} {pct}% of the {name} region, {sayer}, a figure Kyiv disputes.",
]
_UK = [
    "Росія контролює {hedge} {pct}% {uk}, повідомили аналітики. Бої тривають на кількох напрямках.",
    "За оцінками аналітиків, окупанти утримують {hedge} {pct}% території {uk}. Обстріли не припиняються.",
]
_RU = [
    "Российские войска контролируют {hedge} {pct}% территории {ru}, сообщили аналитики.",
    "По данным военных, Россия удерживает {hedge} {pct}% {ru}. Бои продолжаются.",
]
_NOISE = [
    "The central bank left its key rate unchanged on {weekday}, citing slowing inflation and a stable currency.",
    "Heavy rain is expected across the west of the country this weekend, forecasters said.",
    "The national football team won 2-1 in a friendly match on {weekday} evening.",
    "Grain exports through the Black Sea ports rose in {month}, the ministry said, after a slow spring.",
    "Ціни на пальне зросли на 3% за місяць, повідомили в асоціації.",
    "В столице открылась выставка современного искусства, сообщили организаторы.",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _talking_points(rng: random.Random) -> list[tuple[str, int]]:
    """Figures that get repeated: mostly the measured share, some inflated or deflated."""
    points = []
    for code, (*_, share) in _REGIONS.items():
        for delta in (0, 0, 0, 8, 15, -10):
            points.append((code, max(1, min(99, share + delta + rng.choice((-1, 0, 1))))))
    return points


def _claim_text(rng: random.Random, lang: str, code: str, pct: int, day: _dt.date) -> str:
    name, uk, ru, _ = _REGIONS[code]
    weekday = _WEEKDAYS[day.weekday()]
    if lang == "en":
        template = rng.choice(_EN)
        return template.format(city=rng.choice(_PLACES).upper(), month=day.strftime("%b"), day=day.day,
                                     hedge=rng.choice(_HEDGES_EN), pct=pct, upct=100 - pct, name=name,
                                     sayer=rng.choice(_SAYERS_EN), weekday=weekday).replace("  ", " ")
    hedges, templates = (_HEDGES_UK, _UK) if lang == "uk" else (_HEDGES_RU, _RU)
    return rng.choice(templates).format(hedge=rng.choice(hedges), pct=pct, uk=uk, ru=ru)


def _malformed(rng: random.Random, doc: dict) -> dict:
    kind = rng.randrange(4)
    if kind == 0:
        doc.pop("text")
    elif kind == 1:
        doc["text"] = "   "
    elif kind == 2:
        doc["date"] = "20 Nov 2024"
    else:
        doc["text"] = 12345
    return doc


def generate(n: int, *, seed: int = 0, noise: float = 0.2, malformed: float = 0.01) -> Iterator[dict]:
    """Yield *n* synthetic news documents (dicts), reproducibly for a *seed*.

    Parameters
    ----------
    n : int
        How many documents.
    seed : int
        Same seed, same corpus.
    noise : float
        Share of articles that are not about territorial control.
    malformed : float
        Share of rows that an ingest must refuse (no text, blank text, a bad date, a number as text).
    """
    rng = random.Random(seed)
    points = _talking_points(rng)
    for i in range(n):
        day = _START + _dt.timedelta(days=rng.randrange(_DAYS))
        outlet = rng.choice(OUTLETS)
        if rng.random() < noise:
            lang = "en"
            body = rng.choice(_NOISE).format(weekday=_WEEKDAYS[day.weekday()], month=day.strftime("%B"))
        else:
            lang = rng.choices(("en", "uk", "ru"), weights=(6, 2, 2))[0]
            body = " ".join(_claim_text(rng, lang, *rng.choice(points), day) for _ in range(rng.choice((1, 1, 2, 3))))
        doc = {"text": f"{body}\n\n({outlet}, item {i})", "date": day.isoformat(), "source": outlet,
               "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/{i}", "title": body[:60], "lang": lang}
        yield _malformed(rng, doc) if rng.random() < malformed else doc


def write_corpus(path: str | Path, n: int, *, seed: int = 0, fmt: str | None = None, **kwargs) -> Path:
    """Write `generate` output as JSON Lines, CSV, Parquet or a folder of ``.txt`` + ``.meta.json``.

    The format comes from *fmt* or the suffix (``.jsonl``, ``.csv``, ``.parquet``; no suffix: a folder).
    A JSON Lines corpus with malformed rows also gets one line that is not JSON.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_corpus(os.path.join(d, "c.jsonl"), 5, seed=2)
    ...     len(p.read_text(encoding="utf-8").splitlines())
    5
    """
    path = Path(path)
    fmt = fmt or (path.suffix.lstrip(".") or "folder")
    docs = generate(n, seed=seed, **kwargs)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for i, d in enumerate(docs):
                fh.write(("{not json: " if i % 997 == 996 and kwargs.get("malformed", 0.01) else "")
                         + json.dumps(d, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["text", "date", "source", "url", "title", "lang"])
            writer.writeheader()
            writer.writerows(docs)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [{**d, "text": d["text"] if isinstance(d.get("text"), str) else None} for d in docs]
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1000)
    elif fmt == "folder":
        path.mkdir(parents=True, exist_ok=True)
        for i, d in enumerate(docs):
            text = d.pop("text", None)
            (path / f"{i:07d}.txt").write_text(text if isinstance(text, str) else "", encoding="utf-8")
            meta = {k: v for k, v in d.items() if k in ("date", "source", "title", "url")}
            (path / f"{i:07d}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    else:
        raise ValueError(f"unknown corpus format {fmt!r}: use jsonl, csv, parquet or folder")
    return path
