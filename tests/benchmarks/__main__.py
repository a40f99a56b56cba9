"""Run every benchmark and print one table: ``python -m tests.benchmarks``."""

from __future__ import annotations

from tests.benchmarks import (bench_bigcontrol, bench_boundaries, bench_coldstart, bench_extract, bench_fuzz, bench_map,
                               bench_settlements, bench_timeline)


def main() -> None:
    results = {}
    for name, module in (("extract", bench_extract), ("cold start", bench_coldstart), ("map", bench_map),
                         ("timeline", bench_timeline), ("big control", bench_bigcontrol), ("boundaries", bench_boundaries),
                         ("fuzz", bench_fuzz), ("settlements", bench_settlements)):
        print(f"\n== {name} ==")
        results[name] = module.run()
    e, c, m, t, b, f = (results[k] for k in ("extract", "cold start", "map", "timeline", "big control", "fuzz"))
    u, s = results["boundaries"], results["settlements"]
    rows = [
        ("extraction vs quantulum3 (chars/s)", f"{e['geo_chars_per_s_sample']:,.0f} vs {e['quantulum3_chars_per_s']:,.0f}",
         f"{e['ratio_vs_quantulum3']:.1f}x", ">= 50x"),
        ("  of which news articles / annotated sentences", "", f"{e['ratio_articles']:.1f}x / "
         f"{e['ratio_sentences']:.1f}x", ""),
        ("geo extract cold start vs import geopandas, folium", f"{c['geo_extract_s']:.2f} vs "
         f"{c['import_geopandas_folium_s']:.2f} s", f"{c['ratio_vs_geostack_import']:.1f}x", "< 0.3 s"),
        ("extraction time per MB, 1 / 10 / 50 MB", f"{e['seconds_per_mb_1']:.2f} / {e['seconds_per_mb_10']:.2f} / "
         f"{e['seconds_per_mb_50']:.2f} s", f"{e['growth_50mb_vs_1mb']:.2f}x", "linear (< 1.5x)"),
        ("extraction time per MB, 10 MB with no full stop or line break", f"{e['seconds_per_mb_10_one_line']:.2f} s",
         "", "linear"),
        ("peak RSS of a 50 MB text", f"{e['peak_rss_mib_50mb']:,.0f} MiB", "", ""),
        ("seed map with control vs naive folium map", f"{m['map_bytes']:,} vs {m['naive_bytes']:,} bytes",
         f"{m['ratio_vs_naive']:.1f}x", "<= 250 KB"),
        ("1,000,000-vertex control polygon", f"{b['seconds']:.1f} s, peak RSS {b['peak_rss_mib']:,.0f} MiB", "", "bounded"),
        (f"{u['vertices']:,}-vertex user boundary file: read_boundaries vs geopandas.read_file",
         f"{u['read_boundaries_s']:.1f} vs {u['read_file_s']:.1f} s (then {u['with_boundaries_s']:.1f} s to use), "
         f"peak RSS {u['peak_rss_mib']:,.0f} MiB", f"{u['ratio_vs_read_file']:.1f}x", "bounded"),
        ("extraction with settlements vs oblast-only (CPU s per MB)", f"{s['with_settlements_s']:.2f} vs "
         f"{s['oblast_only_s']:.2f} s", f"{s['ratio']:.2f}x", "<= 1.5x"),
        ("extraction fuzz (random and hostile documents)", f"{f['documents']:,} documents, {f['failures']} failures",
         "", ">= 10,000, 0 failures"),
        ("control timeline vs naive overlay loop", f"{t['timeline_s']:.2f} vs {t['naive_s']:.2f} s",
         f"{t['ratio_vs_naive_overlay']:.1f}x", ">= 10x"),
    ]
    print("\n| benchmark | measured | ratio | goal |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
