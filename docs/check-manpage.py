#!/usr/bin/env python3
# check-manpage.py VIGILCTL MANPAGE
#
# Copyright 2026 The Vigil authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the built vigilctl(1) page against the program itself: the page must
# render without a single groff warning, and every command, subcommand and
# option that vigilctl's own --help lists must appear in it, the options in
# the entry of their own subcommand. TAP output.

import os
import re
import subprocess
import sys

vigilctl, manpage = sys.argv[1], sys.argv[2]
groff = os.environ.get("GROFF", "groff")
failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (checks, what))
    if not ok:
        failures.append(what)


def help_of(*words):
    run = subprocess.run([vigilctl, *words, "--help"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("Bail out! vigilctl %s --help exited %d: %s" % (" ".join(words), run.returncode, run.stderr))
    return run.stdout


# 1. No warnings at all (-ww), in the widest check groff has.
run = subprocess.run([groff, "-man", "-t", "-ww", "-z", "-Tutf8", manpage], capture_output=True, text=True)
check(run.returncode == 0 and run.stderr == "", "the page renders without warnings")
if run.stderr:
    print("# " + run.stderr.replace("\n", "\n# "))

# 2. The page as a reader sees it: no hyphenation, long lines, no overstrike.
run = subprocess.run([groff, "-man", "-t", "-Tascii", "-rHY=0", "-rLL=400n", "-P-cbou", manpage],
                     capture_output=True, text=True, check=True)
text = re.sub(r"[ \t]+", " ", run.stdout)

# The synopsis line of each entry starts "vigilctl COMMAND [SUBCOMMAND]": the
# text from one such line to the next is that verb's entry.
entry_starts = [(m.start(), m.group(1).split()) for m in
                re.finditer(r"^ *vigilctl ((?:[a-z-]+)(?: [a-z-]+)?)\b", text, re.MULTILINE)]


def entry(words):
    for i, (start, found) in enumerate(entry_starts):
        if found[:len(words)] == words:
            end = entry_starts[i + 1][0] if i + 1 < len(entry_starts) else len(text)
            return text[start:end]
    return None


# 3. The verbs and their options, from vigilctl itself.
top = help_of()
commands = re.findall(r"^  ([a-z][a-z-]*) ", top.split("Commands:", 1)[1].split("\n\n", 1)[0], re.MULTILINE)
check(len(commands) > 0, "vigilctl --help lists commands")

for option in re.findall(r"^  (--[a-z-]+)", top.split("Global options:", 1)[1], re.MULTILINE):
    check(option in text, "global option %s is in the page" % option)

for command in commands:
    usage = help_of(command)
    grouped = re.match(r"Usage: vigilctl %s ([a-z|-]+) …" % re.escape(command), usage)
    verbs = [[command, sub] for sub in grouped.group(1).split("|")] if grouped else [[command]]
    for words in verbs:
        name = " ".join(words)
        body = entry(words)
        check(body is not None, "vigilctl %s has an entry" % name)
        if body is None:
            continue
        own = help_of(*words).partition("Application Options:")[2]
        options = re.findall(r"^\s+(--[a-z][a-z-]*)", own, re.MULTILINE)
        for option in options:
            check(re.search(re.escape(option) + r"\b", body) is not None,
                  "vigilctl %s: %s is in its entry" % (name, option))

for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "ENVIRONMENT", "FILES"]:
    check(re.search(r"^%s$" % section, run.stdout, re.MULTILINE) is not None, "section %s" % section)
for variable in ["VIGIL_DATA_DIR", "XDG_DATA_HOME"]:
    check(variable in text.split("ENVIRONMENT", 1)[-1], "ENVIRONMENT names %s" % variable)

print("1..%d" % checks)
sys.exit(1 if failures else 0)
