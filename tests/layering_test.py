#!/usr/bin/env python3
"""No file includes a header from a layer it may not use.

Folder = library = layer: `foo/` builds `licmig_foo`. A file in `foo/` may `#include "bar/..."` only
when `licmig_foo` links `licmig_bar`, directly or through another of our libraries. The link edges
are read from docs/dependencies.dot, which scripts/depgraph generates from CMake's link graph (and
the `depgraph` test keeps equal to it) -- so the CMake files are the one place the layer order is
written. Today that gives:

    base <- nothing; docgen <- nothing; snapshot <- base; rules <- snapshot, base; inventory <- base;
    devices <- snapshot, base; sim <- snapshot, base;
    migrate <- rules, snapshot, inventory, devices, base; cli <- everything except sim

    tests/layering_test.py [--root DIR] [--graph FILE]   check the tree; exit 1 on a violation
    tests/layering_test.py --self-test                   prove it fails on a violation (temp tree)
"""
import argparse
import os
import re
import sys
import tempfile

LAYERS = ["base", "docgen", "snapshot", "rules", "inventory", "devices", "sim", "migrate", "cli"]
ROOT_LAYERS = ("base", "docgen")  # layers that link none of ours
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"/]+)/[^"]*"')
SOURCES = (".cpp", ".hpp", ".h", ".cc", ".in")


# The thin mains of executables that live in a layer's folder but link more than its library: they
# may include what the executable links (the graph's edges from its node).
EXECUTABLE_MAINS = {"iosxe_sim_main.cpp": "iosxe-sim"}


def read_graph(path):
    """{library: set of libraries it links directly}: our licmig_* libraries, and the executables of
    EXECUTABLE_MAINS by their target name."""
    edges = {}
    with open(path) as f:
        for line in f:
            m = re.match(r'^\s*"(licmig_\w+|[\w-]+)" -> "licmig_(\w+)"', line)
            if m:
                node = m.group(1)[len("licmig_"):] if m.group(1).startswith("licmig_") else m.group(1)
                edges.setdefault(node, set()).add(m.group(2))
    return edges


def allowed_layers(edges):
    """{layer: every layer it may include}: itself plus the transitive closure of its links."""
    allowed = {}
    for layer in LAYERS:
        seen, todo = {layer}, [layer]
        while todo:
            for dep in edges.get(todo.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        allowed[layer] = seen
    for exe in EXECUTABLE_MAINS.values():
        reach = set()
        for dep in edges.get(exe, ()):
            reach |= allowed.get(dep, {dep})
        allowed[exe] = reach
    return allowed


def violations(root, allowed):
    """'file:line: layer includes "x/..." ...' for every include across layers that is not allowed."""
    out = []
    for layer in LAYERS:
        top = os.path.join(root, layer)
        for dirpath, _, files in os.walk(top):
            for name in sorted(files):
                if not name.endswith(SOURCES):
                    continue
                path = os.path.join(dirpath, name)
                may_use = allowed[layer] | allowed.get(EXECUTABLE_MAINS.get(name), set())
                with open(path, errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m or m.group(1) not in LAYERS or m.group(1) in may_use:
                            continue
                        may = sorted(allowed[layer] - {layer}, key=LAYERS.index)
                        out.append('%s:%d: %s/ includes "%s" but licmig_%s may use only %s' % (
                            os.path.relpath(path, root), n, layer, line.strip().split('"')[1], layer,
                            ", ".join(may) if may else "nothing of ours"))
    return sorted(out)


def check(root, graph):
    if not os.path.exists(graph):
        print("layering: %s is missing: run scripts/depgraph" % graph)
        return 1
    edges = read_graph(graph)
    missing = [l for l in LAYERS if l not in ROOT_LAYERS and l not in edges]
    if missing:
        print("layering: %s has no link edges for %s: run scripts/depgraph" % (graph, ", ".join(missing)))
        return 1
    found = violations(root, allowed_layers(edges))
    for v in found:
        print(v)
    if found:
        print("layering: %d include(s) reach a layer above their own (see docs/ARCHITECTURE.md)" % len(found))
        return 1
    print("layering: every #include of %s stays within its layer's links" % ", ".join(LAYERS))
    return 0


def self_test():
    """A small tree with the real graph's shape: clean passes, each kind of violation fails."""
    graph = "\n".join([
        '"licmig_snapshot" -> "licmig_base";', '"licmig_rules" -> "licmig_snapshot";',
        '"licmig_inventory" -> "licmig_base";', '"licmig_devices" -> "licmig_snapshot";',
        '"licmig_sim" -> "licmig_snapshot";', '"licmig_migrate" -> "licmig_rules";',
        '"licmig_migrate" -> "licmig_devices";', '"licmig_migrate" -> "licmig_inventory";',
        '"licmig_cli" -> "licmig_migrate";', '"licmig_cli" -> "licmig_base" [style = dotted];',
        '"licmig_cli" -> "licmig_docgen" [style = dotted];', '"iosxe-sim" -> "licmig_sim";',
        '"iosxe-sim" -> "licmig_docgen";']) + "\n"
    ok = {"base/a.hpp": '#include <string>\n#include "base/b.hpp"\n',
          "rules/r.cpp": '#include "rules/r.hpp"\n#include "snapshot/model.hpp"\n#include "base/result.hpp"\n',
          "cli/c.cpp": '#include "migrate/plan.hpp"\n#include "rules/checks.hpp"\n#include "inventory/i.hpp"\n',
          "sim/s.cpp": '#include "snapshot/model.hpp"\n#include "tests/helper.hpp"\n',
          "sim/iosxe_sim_main.cpp": '#include "sim/fleet.hpp"\n#include "docgen/docgen.hpp"\n'}
    bad = {"base/x.cpp": '#include "snapshot/model.hpp"\n',           # base <- nothing
           "snapshot/x.hpp": '  #  include "rules/checks.hpp"\n',     # upward
           "devices/x.cpp": '#include "rules/levels.hpp"\n',          # sideways
           "cli/x.cpp": '#include "sim/router.hpp"\n',                # cli may not use sim
           "sim/x.cpp": '#include "devices/ssh.hpp"\n',               # sim is no client
           "sim/y.cpp": '#include "docgen/docgen.hpp"\n',            # only the executable's main
           "migrate/x.cpp": '#include "cli/cli.hpp"\n'}               # downward only
    failures = []
    with tempfile.TemporaryDirectory(prefix="licmig-layering-") as tmp:
        def write(rel, text):
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        write("deps.dot", graph)
        for rel, text in ok.items():
            write(rel, text)
        allowed = allowed_layers(read_graph(os.path.join(tmp, "deps.dot")))
        if allowed["cli"] != set(LAYERS) - {"sim"}:
            failures.append("cli should reach every layer but sim, got %s" % sorted(allowed["cli"]))
        if violations(tmp, allowed):
            failures.append("clean tree reported: %s" % violations(tmp, allowed))
        for rel, text in bad.items():
            write(rel, text)
            got = violations(tmp, allowed)
            if not any(v.startswith(rel + ":1:") for v in got):
                failures.append("%s (%s) was not reported" % (rel, text.strip()))
            os.remove(os.path.join(tmp, rel))
        write("base/x.cpp", bad["base/x.cpp"])
        if check(tmp, os.path.join(tmp, "deps.dot")) != 1:
            failures.append("check() did not exit 1 on a violation")
    for f in failures:
        print("self-test: " + f)
    print("self-test: %s" % ("FAILED" if failures else "ok: clean tree passes, %d violations caught" % len(bad)))
    return 1 if failures else 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=os.path.dirname(here), help="the source tree (default: this checkout)")
    ap.add_argument("--graph", help="the link graph (default: ROOT/docs/dependencies.dot)")
    ap.add_argument("--self-test", action="store_true", help="run against a temporary tree with violations")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    return check(args.root, args.graph or os.path.join(args.root, "docs", "dependencies.dot"))


if __name__ == "__main__":
    sys.exit(main())
