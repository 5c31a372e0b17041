"""Run mutmut on the module groups in mutation/*.toml and print a score table per module."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
PACKAGES = ["domain", "storage", "crawlers", "matcher", "feeds", "radar", "tests"]
# mutmut's exit codes (mutmut/stats.py); anything else is "suspicious".
STATUS = {1: "killed", 3: "killed", 0: "survived", 36: "timeout", 24: "timeout",
          -24: "timeout", 152: "timeout", 255: "timeout", 5: "no tests", 33: "no tests",
          34: "skipped", None: "not checked"}
COLUMNS = ["killed", "survived", "timeout", "no tests", "other"]


def groups(names: list[str]) -> list[Path]:
    """The group configs asked for (default: every mutation/*.toml), in name order."""
    if not names:
        return sorted(HERE.glob("*.toml"))
    paths = [HERE / f"{name.removesuffix('.toml')}.toml" for name in names]
    missing = [p.stem for p in paths if not p.exists()]
    if missing:
        known = ", ".join(p.stem for p in sorted(HERE.glob("*.toml")))
        sys.exit(f"unknown mutation group(s): {', '.join(missing)} (known: {known})")
    return paths


def stage(group: Path) -> Path:
    """A fresh directory where mutmut sees the repo through links and the group's config.

    mutmut reads [tool.mutmut] from ./pyproject.toml only, so each group gets its own
    directory; the pytest settings (warnings as errors) come with the repo's pyproject.
    ``shared`` sits beside ``mutants/`` so the tests' ``../shared`` lookup still works.
    """
    where = WORK / group.stem
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for name in PACKAGES:
        (where / name).symlink_to(REPO / name, target_is_directory=True)
    (where / "shared").symlink_to(REPO.parent / "shared", target_is_directory=True)
    text = (REPO / "pyproject.toml").read_text("utf-8") + "\n" + group.read_text("utf-8")
    (where / "pyproject.toml").write_text(text, "utf-8")
    # Made before mutmut starts: a PYTHONPATH entry that is missing at start-up is cached
    # as "nothing here" and the copied packages would never be imported from it.
    (where / "mutants").mkdir()
    return where


def run_group(group: Path, children: int) -> Path:
    """Run mutmut for one group; returns its stage directory (results stay under mutants/)."""
    where = stage(group)
    # Never the worktree itself: its unmutated packages would shadow the mutants.
    env = dict(os.environ, PYTHONPATH=str(where / "mutants"))
    print(f"== {group.stem}", flush=True)
    cmd = [shutil.which("mutmut") or "mutmut", "run", "--max-children", str(children)]
    proc = subprocess.run(cmd, cwd=where, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    (where / "mutmut.log").write_text(proc.stdout, "utf-8")
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-20:])
        sys.exit(f"mutmut failed for {group.stem} (log: {where / 'mutmut.log'}):\n{tail}")
    return where


def results(where: Path) -> dict[str, dict[str, int | None]]:
    """Exit code per mutant name, per mutated module, from mutmut's .meta files."""
    found = {}
    for meta in sorted((where / "mutants").rglob("*.py.meta")):
        module = str(meta.relative_to(where / "mutants")).removesuffix(".meta")
        found[module] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return found


def table(per_module: dict[str, dict[str, int | None]]) -> list[str]:
    """Markdown score rows: score = killed + timeout over everything that was tested."""
    rows = ["| module | killed | survived | timeout | no tests | other | total | score |",
            "|---|---|---|---|---|---|---|---|"]
    for module, codes in per_module.items():
        counts = Counter(STATUS.get(code, "other") for code in codes.values())
        counts["other"] += sum(v for k, v in counts.items() if k not in COLUMNS)
        total = len(codes)
        score = 100 * (counts["killed"] + counts["timeout"]) / total if total else 100.0
        cells = " | ".join(str(counts[c]) for c in COLUMNS)
        rows.append(f"| {module} | {cells} | {total} | {score:.1f}% |")
    return rows


def survivors(per_module: dict[str, dict[str, int | None]]) -> list[str]:
    """Every mutant not killed, with its status (show one with `mutmut show NAME`)."""
    return [f"{name}\t{STATUS.get(code, 'other')}"
            for codes in per_module.values() for name, code in sorted(codes.items())
            if STATUS.get(code, "other") not in ("killed", "timeout")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("groups", nargs="*", help="group names (mutation/NAME.toml); default all")
    parser.add_argument("--children", type=int, default=2, help="parallel mutant runs (default 2)")
    parser.add_argument("--report-only", action="store_true", help="reprint the last results")
    args = parser.parse_args(argv)
    lines, kept = [], []
    for group in groups(args.groups):
        where = WORK / group.stem if args.report_only else run_group(group, args.children)
        per_module = results(where)
        lines += [f"\n### {group.stem}\n", *table(per_module)]
        kept += survivors(per_module)
        (where / "survivors.txt").write_text("".join(f"{s}\n" for s in survivors(per_module)))
    print("\n".join(lines))
    (WORK / "survivors.txt").write_text("".join(f"{s}\n" for s in kept), "utf-8")
    print(f"\n{len(kept)} not killed; list in {WORK / 'survivors.txt'}; "
          f"see one with: cd {WORK}/GROUP && mutmut show NAME")
    return 0


if __name__ == "__main__":
    sys.exit(main())
