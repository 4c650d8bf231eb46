"""The growth of the page walk's figures with the fair's size: a table of p95 growth factors and a plot."""

import json

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from bench.common import report  # noqa: E402

SLOWEST = 10


def _read(paths: list[str]) -> list[dict]:
    walks = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            walks.append(json.load(handle))
    return sorted(walks, key=lambda walk: walk["booths"])


def growth(paths: list[str], png: str) -> list[dict]:
    """Print each (route, role)'s p95 at every scale and its growth from the smallest to the largest; draw the
    ten slowest routes of the largest scale (each as its slowest role) against fair size; return the table's rows."""
    walks = _read(paths)
    figures = [{(row["route"], row["role"]): row for row in walk["rows"]} for walk in walks]
    small, large = walks[0]["scale"], walks[-1]["scale"]
    rows = []
    for key, last in sorted(figures[-1].items(), key=lambda item: -item[1]["p95_ms"]):
        first = figures[0].get(key)
        row = {"route": key[0], "role": key[1]}
        for walk, scale_figures in zip(walks, figures, strict=True):
            found = scale_figures.get(key)
            row[f"p95_{walk['scale']}"] = found["p95_ms"] if found else "-"
        row[f"p50_{large}"] = last["p50_ms"]
        row[f"kb_{large}"] = last["kb"]
        row["growth"] = round(last["p95_ms"] / first["p95_ms"], 1) if first and first["p95_ms"] else "-"
        rows.append(row)
    report(f"p95 (ms) by scale, growth {small} -> {large}, slowest at {large} first", rows, None)
    slowest = list({row["route"]: row for row in reversed(rows)}.values())[::-1][:SLOWEST]  # each route's slowest role
    _plot(walks, figures, slowest, png)
    return rows


def _plot(walks: list[dict], figures: list[dict], slowest: list[dict], png: str) -> None:
    """p95 against booths, log-log, one line per route."""
    sizes = [walk["booths"] for walk in walks]
    figure, axes = plt.subplots(figsize=(10, 6.5), dpi=100)
    for row in slowest:
        key = (row["route"], row["role"])
        found = [(size, scale[key]) for size, scale in zip(sizes, figures, strict=True) if key in scale]
        points = [(size, figure["p95_ms"]) for size, figure in found]
        killed = [(size, figure["p95_ms"]) for size, figure in found if figure["status"] == "killed"]
        line, = axes.plot(*zip(*points, strict=True), marker="o",
                          label=f"{row['route']} ({row['role']}) ×{'≥' if killed else ''}{row['growth']}")
        if killed:  # killed at gunicorn's timeout: the time is a lower bound
            axes.plot(*zip(*killed, strict=True), marker="^", markersize=10, color=line.get_color(), linestyle="")
    axes.axhline(300, color="grey", linestyle="--", linewidth=1, label="budget: p95 300 ms")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks(sizes, [f"{walk['scale']}\n{walk['booths']:,} booths" for walk in walks])
    axes.minorticks_off()
    axes.set_ylabel("p95 (ms); ▲ killed at the server's timeout (at least that long)")
    axes.set_title(f"The ten slowest routes at {walks[-1]['scale']} ("
                   + ", ".join(f"{walk['scale']}: {walk['database']} via {walk['mode']}" for walk in walks) + ")",
                   fontsize=10)
    axes.legend(fontsize=7, loc="upper left")
    axes.grid(True, which="major", alpha=0.3)
    figure.tight_layout()
    figure.savefig(png)
    print(f"wrote {png}")
