"""One offline HTML page about a claims store: what was said, by whom first, and was it true.

Sections: the corpus in numbers; the most repeated inconsistent figures and who published
them first; per region, the Russian-held share stated in the texts (ranges as bars) against
the share measured on the control data of each claim's date (a line); and the table of claim
groups, sortable (click a heading) and filterable (type in the box). Every string from the
store is escaped through `geo.render._safe_text`; the page needs no network and is the same
bytes for the same store.

A map of control over time can be linked in with *map_href* (``geo report --map``).

Examples
--------
>>> import tempfile, os, geo.store
>>> with tempfile.TemporaryDirectory() as d, geo.store.open_store(os.path.join(d, "s.duckdb")) as store:
...     "<table" in report_html(store)
True
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import defaultdict
from pathlib import Path

from geo._files import write_text
from geo.gazetteer import Gazetteer
from geo.render import _safe_text as esc
from geo.store import Store

__all__ = ["report_html", "write_report"]

_W, _H, _PAD = 640, 220, 36
_COLOURS = {"consistent": "#1b7837", "inconsistent": "#c51b7d", "unverifiable": "#878787"}

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:12px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}
td.n{text-align:right}.v-inconsistent{color:#c51b7d;font-weight:600}.v-consistent{color:#1b7837}
.v-unverifiable{color:#666}.charts{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;flex:1 1 320px;max-width:660px}svg{width:100%;height:auto;background:#fafafa}
figcaption{font-size:12px;color:#555}input{font-size:14px;padding:4px;width:280px;max-width:100%}
.wrap{overflow-x:auto}
"""

_SCRIPT = """
(function(){
  var table=document.getElementById('groups'),body=table.tBodies[0];
  var rows=Array.prototype.slice.call(body.rows);
  document.getElementById('filter').addEventListener('input',function(e){
    var q=e.target.value.toLowerCase();
    rows.forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    var asc=false;
    th.addEventListener('click',function(){
      asc=!asc;
      var num=th.getAttribute('data-num')==='1';
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute('data-v'),y=b.cells[i].getAttribute('data-v');
        if(num){x=parseFloat(x);y=parseFloat(y);}
        return (x<y?-1:x>y?1:0)*(asc?1:-1);
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
})();
"""


def _names(gaz: Gazetteer, regions: str | None) -> str:
    codes = [c for c in (regions or "").split(",") if c]
    return ", ".join("Ukraine" if c == "UA" else gaz[c].name_en if c in gaz else c for c in codes)


def _figure(low, high, unit) -> str:
    u = "%" if unit == "%" else " km²"
    if low is not None and high is not None and low != high:
        return f"{low:g}–{high:g}{u}"
    if low is None and high is not None:
        return f"up to {high:g}{u}"
    if high is None and low is not None and unit == "%":
        return f"{low:g}{u} or more"
    return f"{(low if low is not None else high):g}{u}" if (low is not None or high is not None) else "-"


def _chart(title: str, points: list[dict]) -> str:
    """An SVG: stated ranges as bars, measured share as a line, over time."""
    days = [_dt.date.fromisoformat(p["date"]).toordinal() for p in points]
    lo_day, hi_day = min(days), max(days)
    span = max(1, hi_day - lo_day)

    def x(day: int) -> float:
        return round(_PAD + (day - lo_day) / span * (_W - 2 * _PAD), 1)

    def y(pct: float) -> float:
        return round(_H - _PAD + -(min(100.0, max(0.0, pct)) / 100) * (_H - 2 * _PAD), 1)

    parts = [f'<svg viewBox="0 0 {_W} {_H}" role="img" aria-label="{esc(title)}">']
    for pct in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{y(pct)}" y2="{y(pct)}" stroke="#ddd"/>'
                     f'<text x="4" y="{y(pct) + 4}" font-size="10">{pct}%</text>')
    bars = sorted({(d, p["low"], p["high"], p["verdict"]) for d, p in zip(days, points)},
                  key=lambda b: (b[0], b[1] if b[1] is not None else -1, b[2] if b[2] is not None else -1, b[3]))
    for day, low, high, verdict in bars:
        top, bottom = (high if high is not None else 100.0), (low if low is not None else 0.0)
        if top - bottom < 1:
            top, bottom = top + 0.5, bottom - 0.5
        parts.append(f'<line x1="{x(day)}" x2="{x(day)}" y1="{y(top)}" y2="{y(bottom)}" stroke-width="2" '
                     f'stroke="{_COLOURS.get(verdict, "#999")}" stroke-opacity="0.55"/>')
    measured = sorted({(d, p["measured"]) for d, p in zip(days, points) if p["measured"] is not None})
    by_day: dict[int, float] = {}
    for day, value in measured:
        by_day.setdefault(day, value)
    if by_day:
        path = " ".join(f"{x(d)},{y(v)}" for d, v in sorted(by_day.items()))
        parts.append(f'<polyline points="{path}" fill="none" stroke="#111" stroke-width="1.5"/>')
    first, last = _dt.date.fromordinal(lo_day).isoformat(), _dt.date.fromordinal(hi_day).isoformat()
    parts.append(f'<text x="{_PAD}" y="{_H - 8}" font-size="10">{first}</text>'
                 f'<text x="{_W - _PAD}" y="{_H - 8}" font-size="10" text-anchor="end">{last}</text></svg>')
    return "".join(parts)


def _charts(store: Store, gaz: Gazetteer) -> str:
    by_region: dict[str, list[dict]] = defaultdict(list)
    for row in store.series():
        if row["actor"] == "RU" and "," not in (row["regions"] or ","):
            by_region[row["regions"]].append(row)
    out = []
    for code in sorted(by_region):
        points = by_region[code]
        name = _names(gaz, code)
        counts = defaultdict(int)
        for p in points:
            counts[p["verdict"]] += 1
        tally = ", ".join(f"{counts[v]} {v}" for v in ("consistent", "inconsistent", "unverifiable") if counts[v])
        out.append(f"<figure>{_chart(f'{name}: stated and measured Russian-held share', points)}"
                   f"<figcaption><b>{esc(name)}</b> ({esc(code)}): {len(points)} stated figures ({esc(tally)}); "
                   "bars: stated ranges (green consistent, magenta inconsistent); line: the share measured on the control data "
                   "each claim was checked against.</figcaption></figure>")
    return '<div class="charts">' + "".join(out) + "</div>" if out else "<p>No checked percent figures yet.</p>"


def _history(raw: str | None) -> str:
    steps = json.loads(raw or "[]")
    return " → ".join(f"{d or '?'} {v}" for d, v in steps)


def _cell(value, shown: str | None = None, num: bool = False) -> str:
    sort = "" if value is None else (f"{value}" if num else str(value).lower())
    return f'<td{" class=n" if num else ""} data-v="{esc(sort if sort else (-1 if num else ""))}">' \
           f"{esc(shown if shown is not None else ('' if value is None else value))}</td>"


def report_html(store: Store, *, top: int = 500, map_href: str | None = None) -> str:
    """The report page as a string (see the module's docstring)."""
    gaz = Gazetteer.default()
    s = store.summary()
    verdicts = ", ".join(f"{n:,} {v}" for v, n in s["verdicts"].items()) or "none"
    head = (f"<p>{s['documents']:,} documents from {s['outlets']:,} outlets, {s['first_date'] or '-'} to "
            f"{s['last_date'] or '-'}; {s['claims']:,} claims; figures checked: {esc(verdicts)}; "
            f"{s['groups']:,} groups of repeated figures.</p>")
    link = (f'<p><a href="{esc(map_href)}">Map of control over time, with the claims pinned</a></p>'
            if map_href else "")
    worst = [g for g in store.groups(limit=None) if g["inconsistent"]]
    worst.sort(key=lambda g: (-g["inconsistent"], -g["count"], g["first_date"] or "", g["group_id"]))
    worst_rows = "".join(
        f"<tr><td>{esc(g['figure'])}</td><td>{esc(g['actor'])} {esc(g['relation'])} {esc(_names(gaz, g['regions']))}"
        f"</td><td class=n>{g['inconsistent']}</td><td class=n>{g['count']}</td><td class=n>{g['outlets']}</td>"
        f"<td>{esc(g['first_source'])}</td><td>{esc(g['first_date'])}</td></tr>" for g in worst[:20])
    worst_table = (
        "<div class=wrap><table><thead><tr><th>figure (first wording)</th><th>claim</th><th>times inconsistent</th>"
        "<th>times said</th><th>outlets</th><th>first published by</th><th>on</th></tr></thead>"
        f"<tbody>{worst_rows}</tbody></table></div>" if worst else "<p>No inconsistent figure was repeated.</p>")
    rows = []
    for g in store.groups(limit=top):
        outlets = json.loads(g["outlet_list"] or "[]")
        rows.append(
            "<tr>" + _cell(g["figure"]) + _cell(_figure(g["low"], g["high"], g["unit"])) + _cell(g["actor"])
            + _cell(g["relation"]) + _cell(_names(gaz, g["regions"])) + _cell(g["count"], num=True)
            + _cell(g["outlets"], num=True) + _cell(g["first_date"]) + _cell(g["first_source"])
            + _cell(g["last_date"])
            + f'<td class="v-{esc(g["verdict"] or "none")}" data-v="{esc(g["verdict"] or "")}">'
              f'{esc(g["verdict"] or "unchecked")}</td>'
            + _cell(_history(g["verdict_history"])) + _cell(", ".join(outlets[:8]) + (" …" if len(outlets) > 8 else ""))
            + "</tr>")
    headers = [("figure", 0), ("stated", 0), ("actor", 0), ("relation", 0), ("regions", 0), ("times said", 1),
               ("outlets", 1), ("first", 0), ("first published by", 0), ("last", 0), ("latest verdict", 0),
               ("verdict history", 0), ("outlets (first 8)", 0)]
    thead = "".join(f'<th data-num="{n}">{esc(h)}</th>' for h, n in headers)
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>geo claims report: {esc(store.name)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Territorial claims in the corpus</h1>{head}{link}"
        "<h2>Most repeated inconsistent figures</h2>"
        "<p>Figures stated again and again that the control data of their own date contradicts, and the outlet "
        "that published each first.</p>" + worst_table
        + "<h2>Stated against measured, per region</h2>" + _charts(store, gaz)
        + f"<h2>Claim groups</h2><p>The same actor, relation, regions and figure (within its tolerance), "
          f"repeated within 30 days; the {top:,} most repeated. Click a heading to sort.</p>"
          '<p><label>Filter: <input id=filter type=search placeholder="outlet, region, verdict…"></label></p>'
          f"<div class=wrap><table id=groups><thead><tr>{thead}</tr></thead><tbody>{''.join(rows)}</tbody>"
          f"</table></div><script>{_SCRIPT}</script></body></html>\n"
    )


def write_report(store: Store, path: str | Path, *, top: int = 500, map_href: str | None = None) -> Path:
    """Write `report_html` to *path* atomically; return the path."""
    return write_text(path, report_html(store, top=top, map_href=map_href))
