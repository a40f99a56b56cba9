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
        ("extraction vs quantulum3 on news (CPU chars/s, median)", f"{e['geo_chars_per_s']:,.0f} vs "
         f"{e['quantulum3_chars_per_s']:,.0f}", f"{e['ratio_vs_quantulum3']:.1f}x (min {e['ratio_min']:.1f}, max "
         f"{e['ratio_max']:.1f})", ">= 50x"),
        ("  claim-dense annotated sentences, for information", "", f"{e['ratio_sentences']:.1f}x", ""),
        ("geo extract cold start vs import geopandas, folium", f"{c['geo_extract_s']:.2f} vs "
         f"{c['import_geopandas_folium_s']:.2f} s", f"{c['ratio_vs_geostack_import']:.1f}x", "< 0.3 s"),
        ("extract_many time per MB, 1 / 10 / 50 MB of news", f"{e['stream_seconds_per_mb_1']:.2f} / "
         f"{e['stream_seconds_per_mb_10']:.2f} / {e['stream_seconds_per_mb_50']:.2f} s",
         f"{e['stream_time_growth_50_vs_1']:.2f}x", "linear (< 1.5x)"),
        ("extract_many peak RSS, 1 / 10 / 50 MB of news", f"{e['stream_peak_rss_mib_1mb']:,.0f} / "
         f"{e['stream_peak_rss_mib_10mb']:,.0f} / {e['stream_peak_rss_mib_50mb']:,.0f} MiB",
         f"{e['stream_rss_growth_50_vs_1']:.2f}x", "flat (< 1.5x)"),
        ("one text of 1 / 10 MB: time per MB, peak RSS", f"{e['one_text_seconds_per_mb_1']:.2f} / "
         f"{e['one_text_seconds_per_mb_10']:.2f} s, {e['one_text_peak_rss_mib_1mb']:,.0f} / "
         f"{e['one_text_peak_rss_mib_10mb']:,.0f} MiB", "", "linear"),
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
