#!/usr/bin/env python3
"""Builds the same text as `clausier generate` with python-docx, for the timing comparison of
README « Benchmarks »: reads the Markdown export of a section (`generate --format md`) and
writes its headings, paragraphs, lists and tables with python-docx. Prints the median build
time (import excluded) over N runs.

Usage: scripts/compare-writers.py SECTION.md OUT.docx [RUNS]
"""
import re
import statistics
import sys
import time

import docx  # python-docx


def blocks(markdown):
    table = None
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if table is None:
                table = [cells]
            elif not set(line) <= set("|-: "):
                table.append(cells)
            continue
        if table is not None:
            yield ("table", table)
            table = None
        if not line.strip():
            continue
        m = re.match(r"^(#+) (.*)", line)
        if m:
            yield ("heading", len(m.group(1)) - 1, m.group(2))
        elif re.match(r"^\s*- ", line):
            yield ("item", line.strip()[2:])
        elif line.startswith("> "):
            yield ("para", line[2:])
        elif line != "---":
            yield ("para", line)
    if table is not None:
        yield ("table", table)


def build(markdown, out):
    document = docx.Document()
    document.core_properties.title = "Section"
    for block in blocks(markdown):
        kind = block[0]
        if kind == "heading":
            if block[1] == 0:
                document.add_heading(block[2], level=0)
            else:
                document.add_heading(block[2], level=min(block[1], 3))
        elif kind == "item":
            document.add_paragraph(block[1].replace("**", ""), style="List Bullet")
        elif kind == "para":
            document.add_paragraph(block[1].replace("**", ""))
        elif kind == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            # Row by row: table.cell(r, c) walks the whole table each time (quadratic).
            for row, cells in zip(table.rows, rows):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
    document.save(out)


def main():
    source, out = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    markdown = open(source, encoding="utf-8").read()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build(markdown, out)
        times.append(time.perf_counter() - start)
    print(f"python-docx: median {statistics.median(times) * 1000:.0f} ms over {runs} runs")


if __name__ == "__main__":
    main()
