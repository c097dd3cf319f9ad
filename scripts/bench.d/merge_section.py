"""Puts one phase of a partial run (`bench.py --only PHASE --merge-into docs/benchmarks.md`) into the
full report: the phase's section replaces the report's section of that phase, under a note naming
the run (command, date, duration, licmig version, load), and the phase's rows replace that phase's
rows in the report's Targets table, marked "(own run, see SECTION)"; the profiling notes
(findings.md) are refreshed. The rest of the report stays as its own run wrote it.
"""
import re

NOTES = "## What profiling found"

# Per phase: the section heading's start, and what the phase's rows in the Targets table say.
PHASES = {
    "scale": ("## Scale", re.compile(r"peak RSS at [\d,]+ routers|CPU per router at [\d,]+ routers|"
                                     r"every router collected at [\d,]+ routers")),
    "stage": ("## Staging", re.compile(r"^\| stage")),
}


def sections(lines):
    """[(heading or None, [lines])] split at every '## ' heading."""
    out = [(None, [])]
    for line in lines:
        if line.startswith("## "):
            out.append((line, []))
        out[-1][1].append(line)
    return out


def target_rows(lines):
    """(first index, end index) of the Targets table's body rows (after the |---| line)."""
    start = next(i for i, l in enumerate(lines) if l.startswith("## Targets"))
    sep = next(i for i in range(start, len(lines)) if lines[i].startswith("|---"))
    end = sep + 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return sep + 1, end


def merge(full_path, partial_path, phase, note):
    heading, rows_re = PHASES[phase]
    with open(partial_path) as f:
        part = f.read().split("\n")
    with open(full_path) as f:
        full = f.read().split("\n")
    new_sec = next((body for h, body in sections(part) if h and h.startswith(heading)), None)
    if new_sec is None:
        raise RuntimeError("%s has no section %r" % (partial_path, heading))
    title = new_sec[0][3:].strip()
    body = new_sec[1:]
    while body and body[0] == "":
        body.pop(0)
    new_sec = [new_sec[0], "", note, ""] + body
    while new_sec and new_sec[-1] == "":
        new_sec.pop()
    new_sec.append("")
    a, b = target_rows(part)
    own = " (own run, see %s)" % title.split(":")[0]
    new_rows = []
    for row in part[a:b]:
        cells = row.split(" | ")
        if rows_re.search(cells[0]):
            cells[0] += own
            new_rows.append(" | ".join(cells))
    # the Targets table: the phase's old rows out, its new rows where the first old one was
    a, b = target_rows(full)
    kept = [r for r in full[a:b] if not rows_re.search(r.split(" | ")[0])]
    first = next((i for i in range(a, b) if rows_re.search(full[i].split(" | ")[0])), b)
    at = first - a - sum(1 for i in range(a, first) if rows_re.search(full[i].split(" | ")[0]))
    full[a:b] = kept[:at] + new_rows + kept[at:]
    # the section: replaced where it was, else put before the profiling notes (or at the end)
    secs = sections(full)
    idx = next((i for i, (h, _) in enumerate(secs) if h and h.startswith(heading)), None)
    if idx is not None:
        secs[idx] = (new_sec[0], new_sec)
    else:
        at = next((i for i, (h, _) in enumerate(secs) if h and h.startswith(NOTES)), len(secs))
        secs.insert(at, (new_sec[0], new_sec))
    # the profiling notes (findings.md, appended to every report) as this run has them
    notes = next((body for h, body in sections(part) if h and h.startswith(NOTES)), None)
    idx = next((i for i, (h, _) in enumerate(secs) if h and h.startswith(NOTES)), None)
    if notes is not None and idx is not None:
        secs[idx] = (notes[0], notes)
    with open(full_path, "w") as f:
        f.write("\n".join(l for _, body in secs for l in body))
