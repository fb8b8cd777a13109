#!/usr/bin/env python3
"""French typography of the window's own strings, at the source.

The documents are typeset when they are written (`fr::typeset`); the window draws its strings
as they are written in the code and in the data files. This script rewrites them once, so that
the window shows what the documents show:

- a space before « : ; ! ? » and inside « » becomes a no-break space (U+00A0);
- a narrow no-break space (U+202F) becomes a no-break space (U+00A0): egui draws U+202F as a
  thin space but breaks lines at it (its line breaker only spares U+00A0), so « 15 % » or
  « 100 000 » could still be split in the window;
- a straight apostrophe between two letters becomes the typographic one (U+2019).

What it rewrites: the string literals of `src/ui/**/*.rs` outside test code and outside
messages for developers (expect, panic…), and the strings of the data files whose texts are
shown in the window (steps, quiz, trainer notes and slides). Format placeholders (`{…}`),
escapes (`\\n`, `\\u{…}`) and comments are left alone. It only ever replaces a space by a
no-break one or an apostrophe by its typographic form, so running it again changes nothing.

    python3 scripts/typeset-ui-strings.py          # rewrite in place, list what changed
    python3 scripts/typeset-ui-strings.py --check  # exit 1 if something would change
    python3 scripts/typeset-ui-strings.py --tests  # the same in the window's tests

Tests query widgets by their label, so after a rewrite the labels they look for change too:
`--tests` applies the same rewrite to the test code of `src/ui/` and to the window's tests in
`tests/it/` (files listed in GUI_TESTS). A test literal that is compared with a document or the
command line (typeset differently, or not at all) must then be put back by hand: run the tests.

`tests/it/window_typography.rs` fails on what this script would rewrite.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
NNBSP = "\u202f"

# Data files whose texts the window shows. Scenarios (assets/scenarios) are projects: their
# texts are the buyer's input, typeset in the documents like any input; clause templates are
# document text, typeset when rendered.
ASSETS = [
    "assets/steps.ron",
    "assets/quiz.ron",
    "assets/trainer/*.ron",
    "assets/trainer/slides/*.ron",
]

# A literal right after one of these is a message for developers, in English.
DEVELOPER_CALLS = re.compile(
    r"(expect|panic!|unreachable!|unimplemented!|todo!|assert!|assert_eq!|assert_ne!|"
    r"debug_assert!|log::\w+!|eprintln!|println!|Id::new|id_salt|concat!)\s*\(\s*$"
)


def literals(text, rust):
    """(start, end, raw) of the content of each string literal, in character offsets."""
    out = []
    i, n = 0, len(text)
    at = lambda k: text[k] if 0 <= k < n else "\0"
    while i < n:
        c = text[i]
        if c == "/" and at(i + 1) == "/":
            while i < n and text[i] != "\n":
                i += 1
        elif c == "/" and at(i + 1) == "*":
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "rb" and not (at(i - 1).isalnum() or at(i - 1) == "_"):
            j = i
            byte = text[j] == "b"
            if byte:
                j += 1
            if at(j) == "r" and at(j + 1) in '"#':
                j += 1
                hashes = 0
                while at(j) == "#":
                    hashes += 1
                    j += 1
                if at(j) != '"':
                    i += 1
                    continue
                close = '"' + "#" * hashes
                end = text.find(close, j + 1)
                end = n if end < 0 else end
                if not byte:
                    out.append((j + 1, end, True))
                i = end + len(close)
            elif byte and at(j) == '"':
                i = string_end(text, j + 1) + 1
            else:
                i += 1
        elif c == '"':
            end = string_end(text, i + 1)
            out.append((i + 1, end, False))
            i = end + 1
        elif c == "'" and rust:
            # A char literal ('a', '\n', '\u{a0}') or a lifetime ('a).
            if at(i + 1) == "\\":
                k = text.find("'", i + 2)
                i = n if k < 0 else k + 1
            elif at(i + 2) == "'":
                i += 3
            else:
                i += 1
        else:
            i += 1
    return out


def string_end(text, k):
    while k < len(text) and text[k] != '"':
        if text[k] == "\\":
            k += 1
        k += 1
    return k


def test_ranges(text):
    """Character ranges of the items under #[cfg(test)]."""
    ranges = []
    for m in re.finditer(r"#\[cfg\(test\)\]", text):
        k = m.end()
        depth, opened = 0, False
        while k < len(text):
            ch = text[k]
            if ch == "{":
                depth += 1
                opened = True
            elif ch == "}":
                depth -= 1
                if opened and depth == 0:
                    break
            elif ch == ";" and not opened:
                break
            k += 1
        ranges.append((m.start(), k + 1))
    return ranges


def segments(content, raw, format_string):
    """Splits a literal's content into (is_text, piece): escapes and placeholders are opaque."""
    out = []
    i, n = 0, len(content)
    buf = ""
    while i < n:
        c = content[i]
        if c == "\\" and not raw:
            j = i + 2
            if content[i + 1 : i + 2] == "u" and content[i + 2 : i + 3] == "{":
                j = content.find("}", i) + 1
            out.append((True, buf))
            out.append((False, content[i:j]))
            buf = ""
            i = j
        elif format_string and c == "{" and content[i + 1 : i + 2] == "{":
            buf += "{{"
            i += 2
        elif format_string and c == "{":
            j = content.find("}", i)
            j = n if j < 0 else j + 1
            out.append((True, buf))
            out.append((False, content[i:j]))
            buf = ""
            i = j
        else:
            buf += c
            i += 1
    out.append((True, buf))
    return out


def typeset(content, raw, format_string):
    """The literal's content with the window's typography (see the module's notes)."""
    parts = segments(content, raw, format_string)
    # Context across parts: a placeholder counts as a word (« {} : »).
    flat = []
    for is_text, piece in parts:
        if is_text:
            flat.extend((ch, True) for ch in piece)
        else:
            flat.append((piece, False))
    out = []
    for k, (ch, is_text) in enumerate(flat):
        if not is_text:
            out.append(ch)
            continue
        prev = flat[k - 1][0] if k > 0 else ""
        nxt = flat[k + 1][0] if k + 1 < len(flat) else ""
        prev_is_letter = flat[k - 1][1] and prev.isalpha() if k > 0 else False
        next_is_letter = flat[k + 1][1] and nxt.isalpha() if k + 1 < len(flat) else False
        if ch in (" ", NNBSP) and (nxt in (":", ";", "!", "?", "»") or prev == "«"):
            out.append(NBSP)
        elif ch == NNBSP:
            out.append(NBSP)
        elif ch == "'" and prev_is_letter and next_is_letter:
            out.append("\u2019")
        else:
            out.append(ch)
    return "".join(out)


def is_format_string(text, start):
    """The literal is the first argument of a formatting macro."""
    before = text[max(0, start - 60) : start - 1]
    return re.search(r"(format|write|writeln|print|println|eprint|eprintln)!\s*\(\s*$", before) is not None


# The window's tests in tests/it/ (they query labels).
GUI_TESTS = [
    "commands", "entry", "export_window", "library_views", "programme_window", "recovery",
    "supply_window", "trainer", "trainer_views", "walk", "welcome", "wizard", "keyboard",
    "preview_outline", "compare_view", "social_step", "snapshots",
]


def rewrite_literals(text, spans, format_string):
    """`text` with every literal of `spans` (start, end, raw) typeset, and the changes by line."""
    changes = []
    pieces = []
    last = 0
    for start, end, raw in spans:
        content = text[start:end]
        new = typeset(content, raw, format_string=format_string)
        if new != content:
            line = text.count("\n", 0, start) + 1
            changes.append((line, content, new))
            pieces.append(text[last:start])
            pieces.append(new)
            last = end
    pieces.append(text[last:])
    return "".join(pieces), changes


def rewrite_rust(path, tests=False, whole_file=False):
    text = path.read_text(encoding="utf-8")
    skipped = test_ranges(text)

    def wanted():
        for start, end, raw in literals(text, rust=True):
            in_test = whole_file or any(a <= start < b for a, b in skipped)
            if in_test != tests:
                continue
            before = text[max(0, start - 80) : start - 1]
            if raw:
                before = before.rstrip("#r")
            if DEVELOPER_CALLS.search(before):
                continue
            yield start, end, raw

    return rewrite_literals(text, wanted(), format_string=True)


def rewrite_ron(path):
    text = path.read_text(encoding="utf-8")
    return rewrite_literals(text, literals(text, rust=False), format_string=False)


def test_module_files():
    """Files of modules declared `#[cfg(test)] mod name;`: test code in a file of its own."""
    out = set()
    for path in (ROOT / "src/ui").rglob("*.rs"):
        text = path.read_text(encoding="utf-8")
        folder = path.parent if path.stem == "mod" else path.parent / path.stem
        for name in re.findall(r"#\[cfg\(test\)\]\s*mod (\w+);", text):
            out.add(folder / f"{name}.rs")
    return out


def targets(tests):
    test_files = test_module_files()
    if tests:
        for path in sorted((ROOT / "src/ui").rglob("*.rs")):
            whole = path in test_files
            yield path, lambda p, whole=whole: rewrite_rust(p, tests=True, whole_file=whole)
        for name in GUI_TESTS:
            path = ROOT / "tests/it" / f"{name}.rs"
            if path.exists():
                yield path, lambda p: rewrite_rust(p, tests=True, whole_file=True)
        return
    for path in sorted((ROOT / "src/ui").rglob("*.rs")):
        if path not in test_files:
            yield path, rewrite_rust
    for pattern in ASSETS:
        for path in sorted(ROOT.glob(pattern)):
            yield path, rewrite_ron


def main():
    check = "--check" in sys.argv[1:]
    total = 0
    listed = []
    # Every file is written before anything is printed: output piped into `head` must not
    # stop the rewrite halfway through the tree.
    for path, rewrite in targets("--tests" in sys.argv[1:]):
        new_text, changes = rewrite(path)
        if not changes:
            continue
        total += len(changes)
        rel = path.relative_to(ROOT)
        for line, old, new in changes:
            shown = old if len(old) < 90 else old[:87] + "…"
            listed.append(f"{rel}:{line}: {shown}")
        if not check:
            path.write_text(new_text, encoding="utf-8")
    try:
        for entry in listed:
            print(entry)
    except BrokenPipeError:
        pass
    verb = "would change" if check else "changed"
    print(f"{total} strings {verb}", file=sys.stderr)
    sys.exit(1 if check and total else 0)


if __name__ == "__main__":
    main()
