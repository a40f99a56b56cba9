"""Extraction with the settlement gazetteer against oblast-level extraction, and the cold start.

Run: ``python tests/benchmarks/bench_settlements.py``. The corpus is news as the project
reads it: the repository's articles and annotated sentences, the three daily reports of
``tests/fixtures/settlements`` (English, Ukrainian, Russian), and daily-report paragraphs
written from templates that name 600 different settlements in the three languages (so the
name lookups miss their caches as a real stream of reports does). Each pass times
``geo.extract(text, settlements=False)`` (oblasts only, the baseline) and
``geo.extract(text)`` on the same documents, interleaved, in CPU time; the first pass
starts with empty caches. Goal: median ratio at most 1.5. The cold start of ``geo
extract`` is timed in fresh processes on the seed and on the Ukrainian daily report.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geo  # noqa: E402
from geo._resources import package_dir  # noqa: E402
from tests.benchmarks._corpus import ROOT, documents  # noqa: E402

PASSES = 5
RUNS = 7
TARGET_CHARS = 1_000_000

_TEMPLATES = {
    "en": ("Russia's defence ministry said on {d} that its forces had captured the village of {n} in the {o} region. "
           "Ukrainian troops still hold {n2}, and fighting continued near {n3}, the General Staff said. "
           "Russian forces are about {k} km from {n4}, according to a spokesperson for a Ukrainian brigade."),
    "uk": ("Генштаб ЗСУ повідомив, що противник атакував біля населеного пункту {n} та поблизу села {n2}. "
           "Сили оборони утримують позиції, бої точаться за населений пункт {n3}. "
           "Окупанти заявили, що захопили населений пункт {n4}, але ці дані не підтверджуються."),
    "ru": ("Минобороны России сообщило, что войска заняли населенный пункт {n}. "
           "Бои идут за населенный пункт {n2} и возле села {n3}; российские войска находятся в {k} км от "
           "населенного пункта {n4}, сообщил военный корреспондент."),
}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _names(limit: int) -> list[tuple[str, str, str]]:
    """(English, Ukrainian, Russian-or-Ukrainian) names of settlements near the front, in a fixed order."""
    con = sqlite3.connect(package_dir("data") / "settlements.sqlite")
    rows = con.execute("SELECT name_en, name_uk, coalesce(name_ru, name_uk) FROM settlements WHERE country = 'UA' "
                       "AND oblast IN ('UA-14', 'UA-09', 'UA-23', 'UA-63', 'UA-65', 'UA-59', 'UA-18') "
                       "ORDER BY code").fetchall()
    con.close()
    step = max(1, len(rows) // limit)
    return rows[::step][:limit]


def daily_reports(count: int = 600) -> list[str]:
    """Daily-report paragraphs naming *count* settlements, four to a paragraph, in three languages.

    Each paragraph is followed by six annotated sentences of ``tests/gold`` (oblast-level claims,
    figures, sources), so that settlements come about four to a thousand characters, as in a
    daily assessment (ISW's name 40 to 60 in some 12,000 characters).
    """
    filler = [c["text"] for c in json.loads((ROOT / "tests" / "gold" / "sentences.json").read_text(encoding="utf-8"))["cases"]]
    names = _names(count)
    out = []
    oblasts = ("Donetsk", "Luhansk", "Zaporizhzhia", "Kharkiv", "Kherson", "Sumy", "Zhytomyr")
    for i in range(0, len(names) - 3, 4):
        four = names[i:i + 4]
        lang = ("en", "uk", "ru")[(i // 4) % 3]
        col = {"en": 0, "uk": 1, "ru": 2}[lang]
        out.append(_TEMPLATES[lang].format(
            n=four[0][col], n2=four[1][col], n3=four[2][col], n4=four[3][col], d=_DAYS[i % 5],
            o=oblasts[i % len(oblasts)], k=3 + i % 12) + " " + " ".join(filler[i % len(filler):][:6]))
    return [" ".join(out[j:j + 6]) for j in range(0, len(out), 6)]


def corpus() -> list[str]:
    base = documents() + [p.read_text(encoding="utf-8")
                          for p in sorted((ROOT / "tests" / "fixtures" / "settlements").glob("*.txt"))]
    reports = daily_reports()
    out, total = [], 0
    while total < TARGET_CHARS:
        for doc in base + reports:
            out.append(doc)
            total += len(doc)
    return out


def _cpu(docs: list[str], settlements: bool) -> float:
    start = time.process_time()
    for doc in docs:
        geo.extract(doc, settlements=settlements)
    return time.process_time() - start


def _median_walls(*cmds: list[str]) -> list[float]:
    """Median wall time of each command in fresh processes, the commands interleaved run by run."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(RUNS):
        for cmd, out in zip(cmds, times):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            out.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def _summary(values: list[float]) -> str:
    return f"min {min(values):.2f} / median {statistics.median(values):.2f} / max {max(values):.2f} s"


def run() -> dict[str, float]:
    """Run the benchmark; return its figures (also printed)."""
    docs = corpus()
    chars = sum(map(len, docs))
    base, full = [], []
    for _ in range(PASSES):
        base.append(_cpu(docs, False))
        full.append(_cpu(docs, True))
    sample = docs[:200]
    mentions = sum(len(geo.extract(d).settlements) for d in sample)
    density = mentions / sum(map(len, sample)) * 1000
    python = sys.executable
    report = str(ROOT / "tests" / "fixtures" / "settlements" / "zvedennia-uk.txt")
    once = "import geo; geo.extract(geo.read_text(geo.SEED), settlements={})"
    walls = _median_walls([python, "-c", "pass"], [python, "-m", "geo.cli", "extract", str(geo.SEED)],
                          [python, "-m", "geo.cli", "extract", report],
                          [python, "-c", once.format(False)], [python, "-c", once.format(True)])
    out = {
        "chars": chars, "oblast_only_s": statistics.median(base), "with_settlements_s": statistics.median(full),
        "first_pass_ratio": full[0] / base[0], "python_s": walls[0], "cold_start_seed_s": walls[1],
        "cold_start_report_s": walls[2], "cold_oblast_only_s": walls[3], "cold_with_settlements_s": walls[4],
    }
    out["ratio"] = out["with_settlements_s"] / out["oblast_only_s"]
    print(f"corpus: {len(docs):,} documents, {chars:,} characters ({mentions} settlement mentions in the first 200 "
          f"documents: {density:.1f} per 1,000 characters)")
    print(f"oblast-only extraction       {_summary(base)}")
    print(f"with settlements             {_summary(full)}")
    print(f"ratio of medians             {out['ratio']:.2f}x (first pass, empty caches: {out['first_pass_ratio']:.2f}x; "
          "goal <= 1.5x)")
    print(f"python -c pass               {out['python_s']:.3f} s")
    print(f"geo extract <seed>           {out['cold_start_seed_s']:.3f} s (goal < 0.3 s)")
    print(f"geo extract <Ukrainian daily report> {out['cold_start_report_s']:.3f} s")
    print(f"fresh process, import geo + extract the seed: oblast-only {out['cold_oblast_only_s']:.3f} s, "
          f"with settlements {out['cold_with_settlements_s']:.3f} s "
          f"(+{(out['cold_with_settlements_s'] - out['cold_oblast_only_s']) * 1000:.0f} ms)")
    return out


if __name__ == "__main__":
    run()
