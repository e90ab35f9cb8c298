#!/usr/bin/env python3
"""Lists Swift functions (func, init, deinit, subscript, accessors with bodies) by body length.

Usage: .ci/function-lengths.py [--over N] [DIR ...]   (default: Sources, over 0)
A body's length is counted from the line of its opening brace to the line of its closing brace,
both included. Strings (plain, multi-line, raw), comments and character escapes are skipped, so a
brace inside CSS or a format string does not count. Issue 25 asks for no function over 80 lines.
Run by nothing: a tool for the one who splits a long function.
"""
import os
import re
import signal
import sys

DECLARATION = re.compile(r"\b(func\s+[^\s(<]+|init[?!]?|deinit|subscript)\s*[(<{]")


def code_only(text):
    """The text with string literals and comments blanked (newlines kept), so braces can be matched."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:])):
            j = skip_string(text, i)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def skip_string(text, i):
    """Index just past the string literal starting at i (interpolations are skipped whole)."""
    hashes = 0
    while text[i] == "#":
        hashes, i = hashes + 1, i + 1
    multiline = text.startswith('"""', i)
    quote = '"""' if multiline else '"'
    close = quote + "#" * hashes
    escape = "\\" + "#" * hashes
    i += len(quote)
    n = len(text)
    while i < n:
        if text.startswith(escape + "(", i):
            # An interpolation: skip to its matching parenthesis, strings inside included.
            i += len(escape) + 1
            depth = 1
            while i < n and depth:
                if text[i] == '"':
                    i = skip_string(text, i)
                    continue
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
        elif text.startswith(escape, i):
            i += len(escape) + 1
        elif text.startswith(close, i):
            return i + len(close)
        else:
            i += 1
    return n


def functions(path):
    with open(path, encoding="utf-8") as f:
        text = code_only(f.read())
    line_of = [0] * (len(text) + 1)
    line = 1
    for k, ch in enumerate(text):
        line_of[k] = line
        if ch == "\n":
            line += 1
    line_of[len(text)] = line
    for m in DECLARATION.finditer(text):
        # The body starts at the first '{' after the declaration's parameter list, at depth 0 of ( [ <.
        i, depth = m.end() - 1, 0
        while i < len(text):
            ch = text[i]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif ch == "{" and depth == 0:
                break
            elif ch in ";}" and depth == 0:
                i = -1  # a protocol requirement: no body
                break
            i += 1
        if i < 0 or i >= len(text):
            continue
        start, depth = i, 0
        while i < len(text):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        name = m.group(1).split()[-1]
        yield line_of[i] - line_of[start] + 1, line_of[m.start()], name


def main(argv):
    over = 0
    if argv[:1] == ["--over"]:
        over, argv = int(argv[1]), argv[2:]
    rows = []
    for root in argv or ["Sources"]:
        for folder, _, files in os.walk(root):
            for name in files:
                if name.endswith(".swift"):
                    path = os.path.join(folder, name)
                    rows += [(length, f"{path}:{line}", func) for length, line, func in functions(path)]
    for length, where, func in sorted(rows, reverse=True):
        if length > over:
            print(f"{length:5d}  {where}  {func}")


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # | head
    main(sys.argv[1:])
