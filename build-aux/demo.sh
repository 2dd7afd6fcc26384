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

  as_manager() { echo "$manager_password" | "$vigilctl" --as mgr --password-stdin "$@"; }
  as_lead() { echo "demo-teamlead" | "$vigilctl" --as tlee --password-stdin "$@"; }
  as_manager room add "Room 1"
  as_manager room add "Room 2"
  as_manager camera add room1-cam --location family-room --room "Room 1" --url rtsp://127.0.0.1:8554/room1 --audio
  as_manager camera add room2-cam --location family-room --room "Room 2" --url rtsp://127.0.0.1:8554/room2 --audio
  as_manager camera add lounge-cam --location communal --url rtsp://127.0.0.1:8554/lounge
  admitted=$(date -d '14 days ago' +%F)
  as_lead family add LA-2026-014 --label "K.M." --room "Room 1" --admitted "$admitted" --stage 2 \
    --agreement-signed "$admitted"
  as_lead family add LA-2026-019 --label "R.T." --room "Room 2" --admitted "$admitted" --stage 3 \
    --agreement-signed "$admitted" --no-audio
  as_lead window add LA-2026-019 --days daily --start 18:30 --end 19:30 --purpose "bedtime routine"
  as_lead window add LA-2026-019 --days mon,wed,fri --start 07:30 --end 08:15 --purpose "breakfast" --audio
  echo "demo-operator" | "$vigilctl" --as okhan --password-stdin watch request LA-2026-014 --reason "parents asleep"
  echo "demo-operator" | "$vigilctl" --as okhan --password-stdin duty start LA-2026-014
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
echo "== Families and cameras"
"$vigilctl" family list
"$vigilctl" camera list
echo
echo "== What the rules allow now"
for camera in room1-cam room2-cam lounge-cam; do
  "$vigilctl" policy explain --camera "$camera"
done
echo
echo "== Tonight for R.T. (stage 3)"
"$vigilctl" policy timeline LA-2026-019 --from "$(date +%F)T12:00" --to "$(date -d tomorrow +%F)T12:00"
echo
echo "== Who watches whom"
"$vigilctl" coverage
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
