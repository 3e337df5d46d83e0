"""The mutation score per module, from the results `mutmut run` left in mutants/.

    python scripts/mutation_report.py            a Markdown table, one row per module
    python scripts/mutation_report.py --survivors  and the names of the mutants that lived

A mutant is killed when a test failed or timed out with it in place. One that no selected
test reaches ("no tests") counts as surviving: nothing would notice it. Mutants not yet
run are counted apart, so a run cut short says so instead of looking better than it is.
"""

import json
import sys
from collections import Counter
from pathlib import Path

MUTANTS = Path("mutants")
KILLED = {1, 3, 24, -24, 36, 37, 152, 255}  # failed, pytest error, timed out, type check
SURVIVED = {0, 5, 33}  # tests passed, or no test reached the mutant


def main(show_survivors=False):
    """Print the table (and the survivors if asked); 1 when there are no results yet."""
    counts, survivors = {}, []
    for meta in sorted(MUTANTS.glob("eservices/**/*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        module = str(meta.relative_to(MUTANTS).with_suffix("").relative_to("eservices"))
        tally = counts.setdefault(module, Counter())
        for name, code in codes.items():
            if code is None:
                tally["not run"] += 1
            elif code in KILLED:
                tally["killed"] += 1
            elif code in SURVIVED:
                tally["survived"] += 1
                survivors.append(name)
            else:
                tally["other"] += 1
                survivors.append(name)
    if not counts:
        print("No results in mutants/: run `make mutation` first.")
        return 1
    print("| module | mutants | killed | survived | not run | killed % of run |")
    print("|---|---|---|---|---|---|")
    for module, tally in sorted(counts.items()):
        if not tally:
            continue
        run = tally["killed"] + tally["survived"] + tally["other"]
        share = f"{100 * tally['killed'] / run:.0f}%" if run else "-"
        print(
            f"| `{module}` | {run + tally['not run']} | {tally['killed']} | "
            f"{tally['survived'] + tally['other']} | {tally['not run']} | {share} |"
        )
    if show_survivors:
        print()
        print("\n".join(sorted(survivors)))
    return 0


if __name__ == "__main__":
    sys.exit(main(show_survivors="--survivors" in sys.argv[1:]))
