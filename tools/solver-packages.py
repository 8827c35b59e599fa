#!/usr/bin/env python3
"""Issue 17, item 4: moves the flat org.compass.solver classes into packages that say what they hold.

Run from the repository root: `python3 tools/solver-packages.py move` does the git mv of main and test sources and
rewrites package lines and imports in every Java file; `python3 tools/solver-packages.py sed` prints a sed script
(also in tools/solver-packages.sed) that rewrites fully qualified names in another branch's files after a merge.
Classes that were in one package and now are in two get an import added (only where the name occurs in code).
Running `move` again after merging another branch moves nothing more but re-checks every solver file's package
line and imports. The sed script alone: `git ls-files '*.java' | xargs sed -i -f tools/solver-packages.sed`.
"""
import os
import re
import subprocess
import sys

PACKAGES = {
    "plan": ["Plan", "Partition", "PlanValidator", "InvalidPlanException"],
    "cost": ["CostModel", "Evaluation", "PartitionCost", "PartitionLoad", "PipelineTiming", "PlanMetrics",
             "RangeScan", "ReplicationChooser", "ReplicationSearch", "ResidentChooser", "ResidentMetrics",
             "TokenMetrics"],
    "schedule": ["Schedule", "ScheduleRecord", "ScheduleMode", "ScheduleTasks", "ScheduleValidator",
                 "ScheduleEvaluator", "ScheduleEvaluation", "PhaseSchedule", "InvalidScheduleException"],
    "control": ["Cancellation", "ProgressListener"],
}
TESTS = {
    "cost": ["CostModelTest", "DecoderCostModelTest", "ResidentCostModelTest", "ScaleEquivalenceTest", "LifetimeTest",
             "ReplicationSearchTest"],
    "control": ["CancellationTest"],
}
ROOT = "org.compass.solver"
ROOT_CLASSES = ["Formulation", "FormulationRegistry", "SolveRequest", "SolveResult", "Status", "SolverSettings",
                "ProblemFile", "Figures"]


def new_package(cls):
    for p, names in PACKAGES.items():
        if cls in names:
            return ROOT + "." + p
    return ROOT


def sed_lines():
    out = []
    for p, names in PACKAGES.items():
        for n in names:
            out.append("s/\\borg\\.compass\\.solver\\.%s\\b/org.compass.solver.%s.%s/g" % (n, p, n))
    return out


def strip_comments(s):
    s = re.sub(r"/\*.*?\*/", "", s, flags=re.S)
    s = re.sub(r"//[^\n]*", "", s)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', s)


def java_files():
    out = subprocess.run(["git", "ls-files", "*.java"], capture_output=True, text=True, check=True).stdout
    return [f for f in out.split("\n") if f]


def move():
    base = {"main": "solver/src/main/java/org/compass/solver/", "test": "solver/src/test/java/org/compass/solver/"}
    moved = {}
    for p, names in PACKAGES.items():
        for kind, names2 in (("main", names), ("test", TESTS.get(p, []))):
            for n in names2:
                src = base[kind] + n + ".java"
                dst = base[kind] + p + "/" + n + ".java"
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                if os.path.exists(src):
                    # a second run (after a merge) only re-checks package lines and imports
                    subprocess.run(["git", "mv", src, dst], check=True)
                moved[dst] = ROOT + "." + p
    all_solver = [n for names in PACKAGES.values() for n in names] + ROOT_CLASSES
    for f in java_files():
        s = open(f).read()
        o = s
        m = re.search(r"^package ([\w.]+);", s, flags=re.M)
        old_pkg = m.group(1) if m else None
        if f in moved:
            s = s.replace("package %s;" % ROOT, "package %s;" % moved[f], 1)
        pkg = re.search(r"^package ([\w.]+);", s, flags=re.M).group(1)
        # fully qualified names (imports, static imports, inline)
        for line in sed_lines():
            a, b = line[2:-2].split("/")
            s = re.sub(a.replace("\\b", r"\b"), b.replace("\\.", "."), s)
        # a class of the old flat package used without an import now needs one
        if old_pkg == ROOT or old_pkg.startswith(ROOT + "."):
            code = strip_comments(s)
            imported = set(re.findall(r"^import (?:static )?[\w.]+\.(\w+);", s, flags=re.M))
            needed = []
            for n in all_solver:
                if n == os.path.basename(f)[:-5] or n in imported:
                    continue
                if new_package(n) != pkg and re.search(r"(?<![\w.])" + n + r"\b", code):
                    needed.append("import %s.%s;" % (new_package(n), n))
            if needed:
                s = add_imports(s, needed)
        # imports of a class now in the file's own package are dropped
        s = re.sub(r"^import " + re.escape(pkg) + r"\.(\w+);\n", "", s, flags=re.M)
        if s != o:
            open(f, "w").write(s)


def add_imports(s, lines):
    imports = re.findall(r"^import [^\n]+;\n", s, flags=re.M)
    if imports:
        last = list(re.finditer(r"^import [^\n]+;\n", s, flags=re.M))[-1]
        block_start = list(re.finditer(r"^import [^\n]+;\n", s, flags=re.M))[0].start()
        existing = s[block_start:last.end()].split("\n")
        statics = [l for l in existing if l.startswith("import static ")]
        normal = [l for l in existing if l.startswith("import ") and not l.startswith("import static ")]
        normal = sorted(set(normal + lines), key=lambda l: (not l.startswith("import java"), l))
        block = "\n".join(statics + ([""] if statics else []) + normal) + "\n"
        return s[:block_start] + block + s[last.end():]
    m = re.search(r"^package [\w.]+;\n", s, flags=re.M)
    return s[:m.end()] + "\n" + "\n".join(sorted(lines)) + "\n" + s[m.end():]


if __name__ == "__main__":
    if sys.argv[1:] == ["move"]:
        move()
    elif sys.argv[1:] == ["sed"]:
        print("\n".join(sed_lines()))
    else:
        sys.exit("usage: solver-packages.py move|sed")
