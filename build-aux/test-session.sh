#!/usr/bin/env bash
# test-session.sh COMMAND [ARGS…]
#
# Runs COMMAND inside a private, throw-away desktop session: its own HOME and
# XDG folders, a D-Bus session bus, a gnome-keyring whose default keyring is
# unlocked, so libsecret works as it does at a real console, and an X display
# (Xvfb, on the first free display number) for GTK. Everything it
# starts is stopped and its folders removed when COMMAND ends; COMMAND's exit
# status is the script's.
set -euo pipefail

if [ -z "${VIGIL_TEST_SESSION_INNER:-}" ]; then
  session_root=$(mktemp -d "${TMPDIR:-/tmp}/vigil-session.XXXXXX")
  trap 'rm -rf "$session_root"' EXIT
  mkdir -p "$session_root"/{home,data,config,cache,runtime}
  chmod 700 "$session_root/runtime"
  # Without a window manager, a text entry of a window that lost focus to a
  # dialog never hears so, and GTK 4.8 warns when its cursor next blinks.
  mkdir -p "$session_root/config/gtk-4.0"
  printf '[Settings]\ngtk-cursor-blink=false\n' > "$session_root/config/gtk-4.0/settings.ini"
  status=0
  env HOME="$session_root/home" \
      XDG_DATA_HOME="$session_root/data" \
      XDG_CONFIG_HOME="$session_root/config" \
      XDG_CACHE_HOME="$session_root/cache" \
      XDG_RUNTIME_DIR="$session_root/runtime" \
      VIGIL_TEST_SESSION_INNER=1 \
      dbus-run-session -- "$0" "$@" || status=$?
  exit "$status"
fi

# Inside the bus. The daemon creates a "login" keyring with this throw-away
# password, unlocked, and makes it the default collection libsecret uses.
printf '%s' "vigil-test-session" |
  gnome-keyring-daemon --unlock --components=secrets --foreground >/dev/null &
keyring_pid=$!
xvfb_pid=
stop_session() {
  kill $keyring_pid $xvfb_pid 2>/dev/null || true
  wait $keyring_pid $xvfb_pid 2>/dev/null || true
}
trap stop_session EXIT

# Xvfb writes the display number it chose to fd 3 once it is ready.
if command -v Xvfb >/dev/null 2>&1; then
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$XDG_RUNTIME_DIR/display" 2>/dev/null &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [ -s "$XDG_RUNTIME_DIR/display" ] && break
    sleep 0.1
  done
  export DISPLAY=":$(head -n 1 "$XDG_RUNTIME_DIR/display")"
  export GDK_BACKEND=x11
fi

for _ in $(seq 100); do
  if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
       --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; then
    break
  fi
  sleep 0.1
done

"$@"
