"""Mutation score of the pure modules: `python -m bench.mutation [MODULE[:FUNCTION,…] …] [--json FILE]`.

Runs mutmut (one small change at a time: comparisons flipped, constants ±1, `and`/`or`, deleted
statements, changed strings and arguments) on a copy of the tree, so the work tree never holds
mutants, and runs each mutant against the tests that execute it. Prints a table per module and
the surviving mutants with their diffs; writes JSON with the same figures.

Mutants judged equivalent (no test could tell them apart: `int.to_bytes(n)` is big-endian by
default on Python 3.11+, say) are listed with a one-line reason in `bench/mutation_equivalents.toml`
and left out of the score. A pure module keeps 90 % or more (docs/TESTING.md).

`MODULE:NAME,NAME` scores only those top-level functions or classes of the module (the allocation
engine's small decision functions, say, or `allocate` alone with `--tests` its focused test file).
"""

import argparse
import fnmatch
import json
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS_FILE = ROOT / "bench" / "mutation_equivalents.toml"
TARGET_SCORE = 0.90

# module (dotted) -> the tests that exercise it (mutmut runs, per mutant, only those that reach it)
MODULES = {
    "visitors.badge_codes": ["tests/unit/test_badge_codes.py"],
    "contracts.money": ["tests/unit/test_money.py"],
    "booths.layout.contiguity": ["tests/unit/test_contiguity.py", "tests/unit/test_allocation.py"],
    "booths.layout.geometry": ["tests/unit/test_geometry.py", "tests/unit/test_grid.py"],
    "booths.allocation.apportionment": ["tests/unit/test_apportionment.py", "tests/unit/test_allocation.py"],
    "booths.allocation.free_runs": ["tests/unit/test_free_runs.py"],
    "visitors.qr_matrix": ["tests/unit/test_qr_matrix_boundaries.py"],  # all 40 versions: too slow per mutant
    "accounts.throttle": ["tests/unit/test_throttle.py"],
    # the allocation engine (its decision functions, and allocate() on small hand-built fairs: the property and
    # layout tests would take hours per run) and the words and measures made of them, on their focused tests
    "booths.allocation.engine": ["tests/unit/test_allocation_text.py", "tests/unit/test_allocation_engine_focus.py"],
    "booths.allocation.text": ["tests/unit/test_allocation_text.py"],
    "booths.allocation.metrics": ["tests/unit/test_allocation_text.py"],
    # the rest of the engine: the first pass and what follows it, on small hand-built fairs with exact outcomes
    "booths.allocation.waitlist": ["tests/unit/test_waitlist_focus.py", "tests/unit/test_allocation_engine_focus.py"],
    "booths.allocation.zone_blocks": ["tests/unit/test_zone_blocks_focus.py",
                                      "tests/unit/test_allocation_engine_focus.py"],
    "booths.allocation.improve": ["tests/unit/test_allocation_engine_focus.py"],
}


def _source(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _copy_tree(destination: Path) -> None:
    """The tracked and new (not ignored) files of the work tree, as they are now."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _configure(tree: Path, modules: list[str], tests: list[str] | None = None) -> None:
    packages = sorted({path.name for path in tree.iterdir() if path.is_dir() and (path / "__init__.py").exists()})
    tests = tests or sorted({test for module in modules for test in MODULES[module] if (tree / test).exists()})
    config = (
        "\n[tool.mutmut]\n"
        f"source_paths = {json.dumps([_source(module) for module in modules])}\n"
        f"also_copy = {json.dumps(packages + ['app.py', 'templates', 'static', 'translations', 'migrations'])}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
    )
    with (tree / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(config)


def _mutmut(tree: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=tree, capture_output=True, text=True,
                            check=False)
    if check and result.returncode != 0:
        raise SystemExit(f"mutmut {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def _outcomes(tree: Path) -> dict[str, str]:
    outcomes = {}
    for line in _mutmut(tree, "results", "--all", "true").splitlines():
        name, _, status = line.strip().partition(": ")
        if name and status:
            outcomes[name] = status.strip()
    return outcomes


def _diff(tree: Path, name: str) -> list[str]:
    shown = _mutmut(tree, "show", name, check=False)
    return [line for line in shown.splitlines() if line.startswith(("- ", "+ ")) or line.startswith(("-\t", "+\t"))]


def _patterns(module: str, names: list[str]) -> list[str]:
    """mutmut's names of the mutants of these functions (x_NAME__mutmut_N) and classes' methods (xǁNAMEǁ…)."""
    return [pattern for name in names for pattern in (f"{module}.x_{name}__mutmut_*", f"{module}.xǁ{name}ǁ*")]


def _module_of(name: str, modules: list[str]) -> str:
    return max((module for module in modules if name.startswith(module + ".")), key=len)


def score(modules: list[str], only: dict[str, list[str]] | None = None, tests: list[str] | None = None) -> dict:
    """Run mutmut on `modules` (only the functions named in `only`, per module, if given) and return, per
    module, mutants, equivalents, killed and survivors."""
    only = only or {}
    patterns = [pattern for module, names in only.items() for pattern in _patterns(module, names)]
    patterns += [f"{module}.*" for module in modules if module not in only] if patterns else []
    equivalents = tomllib.loads(EQUIVALENTS_FILE.read_text("utf-8")) if EQUIVALENTS_FILE.exists() else {}
    with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
        tree = Path(folder)
        _copy_tree(tree)
        _configure(tree, modules, tests)
        started = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", *patterns], cwd=tree, capture_output=True,
                             text=True)
        if run.returncode != 0:
            raise SystemExit(f"mutmut run failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        outcomes = {name: status for name, status in _outcomes(tree).items()
                    if not patterns or any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)}
        report = {module: {"mutants": 0, "equivalent": 0, "killed": 0, "survivors": []} for module in modules}
        for name, status in sorted(outcomes.items()):
            module = _module_of(name, modules)
            entry = report[module]
            entry["mutants"] += 1
            reason = equivalents.get(module, {}).get(name.removeprefix(module + "."))
            if reason:
                entry["equivalent"] += 1
            elif status in ("killed", "timeout", "segfault"):
                entry["killed"] += 1
            else:
                entry["survivors"].append({"mutant": name, "status": status, "diff": _diff(tree, name)})
        for module, entry in report.items():
            counted = entry["mutants"] - entry["equivalent"]
            entry["score"] = round(entry["killed"] / counted, 4) if counted else None
            listed = {name for name in equivalents.get(module, {})
                      if not patterns or any(fnmatch.fnmatchcase(f"{module}.{name}", p) for p in patterns)}
            seen = {name.removeprefix(module + ".") for name in outcomes if name.startswith(module + ".")}
            entry["stale_equivalents"] = sorted(listed - seen)
        return {"seconds": round(time.monotonic() - started, 1), "target": TARGET_SCORE, "modules": report}


def main() -> None:
    """Score the named modules (all of them by default), print the table and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"dotted module names, among: {', '.join(MODULES)}")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--tests", nargs="+", metavar="FILE", help="run these test files instead of the modules' own")
    args = parser.parse_args()
    only = {module: names.split(",") for module, _, names in (spec.partition(":") for spec in args.modules) if names}
    modules = [spec.partition(":")[0] for spec in args.modules] or list(MODULES)
    unknown = [module for module in modules if module not in MODULES]
    if unknown:
        parser.error(f"unknown modules: {', '.join(unknown)}")
    result = score(modules, only, args.tests)
    if only:
        result["only"] = only
    print(f"{'module':36} {'mutants':>8} {'equiv.':>7} {'killed':>7} {'survived':>9} {'score':>7}")
    for module, entry in result["modules"].items():
        shown = f"{entry['score']:.1%}" if entry["score"] is not None else "–"
        print(f"{module:36} {entry['mutants']:>8} {entry['equivalent']:>7} {entry['killed']:>7} "
              f"{len(entry['survivors']):>9} {shown:>7}")
    for module, entry in result["modules"].items():
        for survivor in entry["survivors"]:
            print(f"\nsurvived: {survivor['mutant']} ({survivor['status']})")
            print("\n".join("    " + line for line in survivor["diff"]))
        for name in entry["stale_equivalents"]:
            print(f"\nlisted as equivalent but no longer generated (review {EQUIVALENTS_FILE.name}): {module}.{name}")
    print(f"\n{result['seconds']} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
