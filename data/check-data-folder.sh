#!/bin/sh
# check-data-folder.sh VIGILCTL FOLDER
#
# Copyright 2026 The Vigil authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# With neither --data-dir nor $VIGIL_DATA_DIR, "vigilctl init" must make its
# site in $XDG_DATA_HOME/FOLDER ("vigil", or "vigil-devel" in a development
# build) and touch nothing else there.
set -eu

vigilctl=$1
folder=$2

root=$(mktemp -d "${TMPDIR:-/tmp}/vigil-data-folder.XXXXXX")
trap 'rm -rf "$root"' EXIT

printf '%s\n' "check-data-folder" |
  env -u VIGIL_DATA_DIR XDG_DATA_HOME="$root" LC_ALL=C.UTF-8 \
    "$vigilctl" init --site-name "Data folder check" --manager mgr --password-stdin >/dev/null

if [ ! -f "$root/$folder/vigil.db" ]; then
  echo "no site in \$XDG_DATA_HOME/$folder; \$XDG_DATA_HOME holds: $(ls -A "$root" | tr '\n' ' ')" >&2
  exit 1
fi

others=$(ls -A "$root" | grep -v -x -F "$folder" || true)
if [ -n "$others" ]; then
  echo "vigilctl also wrote to \$XDG_DATA_HOME: $others" >&2
  exit 1
fi

echo "site made in \$XDG_DATA_HOME/$folder"
