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
# mutmut's exit codes (mutmut/stats.py); anything else is "other" (suspicious, segfault...).
STATUS = {1: "killed", 3: "killed", 0: "survived", 36: "timeout", 24: "timeout",
          -24: "timeout", 152: "timeout", 255: "timeout", 5: "no tests", 33: "no tests",
          34: "skipped", None: "not checked"}  # fmt: skip
COLUMNS = ["killed", "survived", "timeout", "no tests", "other", "equivalent"]
Verdicts = dict[str, dict[str, int | None]]  # module path -> mutant name -> exit code


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


def stage(group: Path, keep: bool = False) -> Path:
    """The directory where mutmut sees the repo through links and the group's config.

    mutmut reads [tool.mutmut] from ./pyproject.toml only, so each group gets its own
    directory; the pytest settings (warnings as errors) come with the repo's pyproject.
    ``shared`` sits beside ``mutants/`` so the tests' ``../shared`` lookup still works.
    With ``keep`` the previous mutants/ stays (mutmut refreshes the copied tests).
    """
    where = WORK / group.stem
    text = (REPO / "pyproject.toml").read_text("utf-8") + "\n" + group.read_text("utf-8")
    if not keep:
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        for name in PACKAGES:
            (where / name).symlink_to(REPO / name, target_is_directory=True)
        (where / "shared").symlink_to(REPO.parent / "shared", target_is_directory=True)
        # Made before mutmut starts: a PYTHONPATH entry that is missing at start-up is cached
        # as "nothing here" and the copied packages would never be imported from it.
        (where / "mutants").mkdir()
    (where / "pyproject.toml").write_text(text, "utf-8")
    return where


def equivalents() -> dict[str, str]:
    """Mutants that cannot change behaviour, with why (mutation/equivalent.tsv, by hand)."""
    found = {}
    for path in sorted(HERE.glob("equivalent*.tsv")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, why = line.split("\t", 1)
                found[name.strip()] = why.strip()
    return found


def status(name: str, code: int | None, equivalent: dict[str, str]) -> str:
    found = STATUS.get(code, "other")
    if found not in ("killed", "timeout") and name in equivalent:
        return "equivalent"
    return found if found in COLUMNS else "other"


def killed(code: int | None) -> bool:
    return STATUS.get(code, "other") in ("killed", "timeout")


def run_group(group: Path, children: int, again: bool = False) -> Verdicts:
    """Run mutmut for one group and save its verdicts in .work/GROUP/results.json.

    ``again`` reruns only the mutants the last run did not kill, against the current tests,
    and keeps the other verdicts: tests were only added, so a killed mutant stays killed.
    (mutmut itself forgets every verdict when the test selection changes.)
    """
    before = verdicts(WORK / group.stem) if again else {}
    equivalent = equivalents()  # cannot be killed: not worth a rerun
    names = [n for codes in before.values() for n, c in codes.items()
             if not killed(c) and n not in equivalent]  # fmt: skip
    where = stage(group, keep=again)
    if again and not names:
        return before
    # Never the worktree itself: its unmutated packages would shadow the mutants.
    env = dict(os.environ, PYTHONPATH=str(where / "mutants"))
    print(f"== {group.stem}", flush=True)
    cmd = [shutil.which("mutmut") or "mutmut", "run", "--max-children", str(children), *names]
    proc = subprocess.run(cmd, cwd=where, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)  # fmt: skip
    (where / "mutmut.log").write_text(proc.stdout, "utf-8")
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-20:])
        sys.exit(f"mutmut failed for {group.stem} (log: {where / 'mutmut.log'}):\n{tail}")
    after = meta_verdicts(where)
    for module, codes in before.items():
        after[module] = {n: after[module][n] if n in names else c for n, c in codes.items()}
    (where / "results.json").write_text(json.dumps(after, indent=1), "utf-8")
    return after


def meta_verdicts(where: Path) -> Verdicts:
    """Exit code per mutant, per mutated module, from mutmut's .meta files."""
    found = {}
    for meta in sorted((where / "mutants").rglob("*.py.meta")):
        module = str(meta.relative_to(where / "mutants")).removesuffix(".meta")
        found[module] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return found


def verdicts(where: Path) -> Verdicts:
    saved = where / "results.json"
    if not saved.exists():
        sys.exit(f"no results in {where}: run the group first")
    return json.loads(saved.read_text("utf-8"))


def table(per_module: Verdicts) -> list[str]:
    """Markdown score rows: score = (killed + timeout) / (every mutant - equivalent ones);
    untested mutants ("no tests") count as not killed."""
    equivalent = equivalents()
    rows = ["| module | " + " | ".join(COLUMNS) + " | total | score |",
            "|---|" + "---|" * (len(COLUMNS) + 2)]  # fmt: skip
    for module, codes in per_module.items():
        counts = Counter(status(n, c, equivalent) for n, c in codes.items())
        total = len(codes)
        judged = total - counts["equivalent"]
        score = 100 * (counts["killed"] + counts["timeout"]) / judged if judged else 100.0
        cells = " | ".join(str(counts[c]) for c in COLUMNS)
        rows.append(f"| {module} | {cells} | {total} | {score:.1f}% |")
    return rows


def survivors(per_module: Verdicts) -> list[str]:
    """Every mutant not killed and not known equivalent (see one: `mutmut show NAME`)."""
    equivalent = equivalents()
    return [f"{name}\t{status(name, code, equivalent)}"
            for codes in per_module.values() for name, code in sorted(codes.items())
            if not killed(code) and name not in equivalent]  # fmt: skip


def equivalents_markdown() -> list[str]:
    """The equivalent mutants for docs/testing.md: per module, one line per reason."""
    by_reason: dict[tuple[str, str], list[str]] = {}
    for name, why in equivalents().items():
        module, _, short = name.partition(".x")
        by_reason.setdefault((module, why), []).append(short.lstrip("_ǁ").replace("ǁ", "."))
    return [f"- `{module}` ({', '.join(f'`{n}`' for n in names)}): {why}"
            for (module, why), names in sorted(by_reason.items())]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("groups", nargs="*", help="group names (mutation/NAME.toml); default all")
    parser.add_argument("--children", type=int, default=2, help="parallel mutant runs (default 2)")
    parser.add_argument("--report-only", action="store_true", help="reprint the last results")
    parser.add_argument("--again", action="store_true",
                        help="rerun only the last run's surviving mutants (after adding tests)")
    parser.add_argument("--equivalents", action="store_true",
                        help="print the equivalent mutants as markdown (for docs/testing.md)")
    args = parser.parse_args(argv)
    if args.equivalents:
        print("\n".join(equivalents_markdown()))
        return 0
    lines, kept = [], []
    for group in groups(args.groups):
        if args.report_only and not (WORK / group.stem / "results.json").exists():
            lines.append(f"\n### {group.stem}\n\nnot run yet")
            continue
        if args.report_only:
            per_module = verdicts(WORK / group.stem)
        else:
            per_module = run_group(group, args.children, args.again)
        lines += [f"\n### {group.stem}\n", *table(per_module)]
        kept += survivors(per_module)
        (WORK / group.stem / "survivors.txt").write_text(
            "".join(f"{s}\n" for s in survivors(per_module)), "utf-8"
        )
    print("\n".join(lines))
    (WORK / "survivors.txt").write_text("".join(f"{s}\n" for s in kept), "utf-8")
    print(f"\n{len(kept)} not killed; list in {WORK / 'survivors.txt'}; "
          f"see one with: cd {WORK}/GROUP && mutmut show NAME")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
