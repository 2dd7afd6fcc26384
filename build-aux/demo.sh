#!/usr/bin/env bash
# demo.sh: makes a demo site (once) and shows it through vigilctl.
# Until the console lands, vigilctl is Vigil's face.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
vigilctl="$top/_build/src/cli/vigilctl"
demo_dir="${VIGIL_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/vigil-demo}"
export VIGIL_DATA_DIR="$demo_dir"

# Demo passwords, for a demo site only.
manager_password="demo-manager"

if [ ! -f "$demo_dir/vigil.db" ]; then
  echo "$manager_password" | "$vigilctl" init --site-name "Demo Family Centre" --manager mgr \
    --name "Morgan Price" --band 7 --password-stdin
  add() {
    printf '%s\n%s\n' "$manager_password" "$2" |
      "$vigilctl" --as mgr --password-stdin staff add "$1" "${@:3}"
  }
  add tlee "demo-teamlead" --name "Tamsin Lee" --band 6 --role team-lead \
    --competent-since 2026-03-02 --refresher-due 2027-03-02
  add okhan "demo-operator" --name "Omar Khan" --band 4 --role operator \
    --competent-since 2026-05-11 --refresher-due 2027-05-11
  add jdavies "demo-operator" --name "Jess Davies" --band 3 --role operator \
    --competent-since 2025-09-01 --refresher-due 2026-09-01
  add student "demo-student" --name "Sam Student" --band 1 --role operator
fi

echo
echo "== Staff of the demo site ($demo_dir)"
"$vigilctl" staff list
echo
echo "== Who may log in"
for who in mgr:demo-manager tlee:demo-teamlead okhan:demo-operator jdavies:demo-operator student:demo-student; do
  printf '%-8s ' "${who%%:*}"
  echo "${who#*:}" | "$vigilctl" login-check "${who%%:*}" --password-stdin 2>&1 || true
done
echo
echo "== Audit trail"
"$vigilctl" audit list
"$vigilctl" audit verify
echo
if [ -n "${VIGIL_TEST_SESSION_INNER:-}" ]; then
  echo "This demo ran in a throw-away session (no desktop keyring here); its site is gone when it ends."
else
  echo "The demo site stays in $demo_dir; try: VIGIL_DATA_DIR=$demo_dir $vigilctl --help"
fi
