#!/usr/bin/env bash
# other-machine.sh FOLDER COMMAND [ARGS…]
#
# Runs COMMAND as another machine of a site would run it: with a home of its
# own in FOLDER (kept from one run to the next, so what its keyring holds
# stays), a D-Bus session bus of its own and a gnome-keyring of its own,
# unlocked. Only the network is shared: the session's PostgreSQL cluster.
# COMMAND's exit status is the script's.
set -euo pipefail

root=$1
shift

if [ -z "${VIGIL_OTHER_MACHINE_INNER:-}" ]; then
  mkdir -p "$root"/{home,data,config,cache,runtime}
  chmod 700 "$root/runtime"
  # The bus daemon's own complaints (an fd limit it may not raise) are
  # not COMMAND's: its standard error is kept on descriptor 3 for it.
  exec 3>&2
  exec 2>/dev/null env HOME="$root/home" \
      XDG_DATA_HOME="$root/data" \
      XDG_CONFIG_HOME="$root/config" \
      XDG_CACHE_HOME="$root/cache" \
      XDG_RUNTIME_DIR="$root/runtime" \
      VIGIL_OTHER_MACHINE_INNER=1 \
      dbus-run-session -- "$0" "$root" "$@"
fi

exec 2>&3 3>&-

# The login keyring, made on the first run and unlocked with the same
# password on every later one.
printf '%s' "other-machine" |
  gnome-keyring-daemon --unlock --components=secrets --foreground >/dev/null 2>&1 &
keyring_pid=$!
trap 'kill $keyring_pid 2>/dev/null || true; wait $keyring_pid 2>/dev/null || true' EXIT

for _ in $(seq 100); do
  if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
       --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; then
    break
  fi
  sleep 0.05
done

"$@"
