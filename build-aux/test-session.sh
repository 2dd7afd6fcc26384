#!/usr/bin/env bash
# test-session.sh COMMAND [ARGS…]
#
# Runs COMMAND inside a private, throw-away desktop session: its own HOME and
# XDG folders, a D-Bus session bus, a gnome-keyring whose default keyring is
# unlocked, so libsecret works as it does at a real console, an X display
# (Xvfb, on the first free display number) for GTK, and a PipeWire daemon with
# WirePlumber, pipewire-pulse and a null sink as the default output, so that
# sound can be played and its streams and links seen without a sound card. Xvfb and
# PipeWire are left out where they are not installed. Everything it starts is
# stopped and its folders removed when COMMAND ends; COMMAND's exit status is
# the script's.
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
pipewire_pid=
wireplumber_pid=
pipewire_pulse_pid=
# stop PID…: stops those of them that were started (a bare `wait` would wait
# for every child).
stop() {
  [ $# -gt 0 ] || return 0
  kill "$@" 2>/dev/null || true
  wait "$@" 2>/dev/null || true
}
stop_session() {
  # The daemon's clients first, so that they do not log its going.
  stop $wireplumber_pid $pipewire_pulse_pid
  stop $keyring_pid $xvfb_pid $pipewire_pid
  stop_postgres
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

# A throw-away PostgreSQL cluster for the tests of a site of several machines
# (the "postgresql" suite): made here, trusting whoever reaches the socket in
# its own folder, durable only as long as the session (no fsync). PostgreSQL refuses to run as root, so under root it runs
# as nobody. Its folder is named in VIGIL_TEST_POSTGRES; where PostgreSQL is
# not installed it is left out, and the suite's tests fail, saying so.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
pg_root=
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  pg_root=$(mktemp -d "${TMPDIR:-/tmp}/vigil-pg.XXXXXX")
  pg_as=()
  if [ "$(id -u)" = 0 ]; then
    chown nobody "$pg_root"
    pg_as=(runuser -u nobody --)
  fi
  # Another machine is reached over TCP, with TLS and a password: the
  # server also listens on loopback, with a certificate for "localhost" from
  # a certificate authority of the session's own, and takes only TLS there.
  pg_port=
  if "${pg_as[@]}" "$pg_bin/initdb" --no-sync -D "$pg_root/data" -U vigil --auth=trust -E UTF8 \
       --locale=C.UTF-8 >"$pg_root/initdb.log" 2>&1 &&
     openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
       -subj "/CN=Vigil test CA" -keyout "$pg_root/ca.key" -out "$pg_root/ca.crt" 2>/dev/null &&
     openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
       -keyout "$pg_root/data/server.key" -out "$pg_root/server.csr" 2>/dev/null &&
     printf 'subjectAltName=DNS:localhost\n' >"$pg_root/san.ext" &&
     openssl x509 -req -in "$pg_root/server.csr" -CA "$pg_root/ca.crt" -CAkey "$pg_root/ca.key" \
       -CAcreateserial -days 2 -extfile "$pg_root/san.ext" -out "$pg_root/data/server.crt" 2>/dev/null; then
    printf '%s\n' 'local all all trust' 'hostssl all all 127.0.0.1/32 scram-sha-256' \
      'host all all 127.0.0.1/32 reject' >"$pg_root/data/pg_hba.conf"
    if [ "$(id -u)" = 0 ]; then
      chown -R nobody "$pg_root/data"
    fi
    chmod 600 "$pg_root/data/server.key"
    # A free port: another test session may hold the first one tried.
    for _ in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 20000))
      if "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/server.log" -w -s start \
           -o "-k $pg_root -p $port -c listen_addresses=127.0.0.1 -c ssl=on -c fsync=off \
               -c synchronous_commit=off -c full_page_writes=off" >/dev/null 2>&1; then
        pg_port=$port
        break
      fi
    done
  fi
  if [ -n "$pg_port" ]; then
    export VIGIL_TEST_POSTGRES="$pg_root"
    export VIGIL_TEST_POSTGRES_PORT="$pg_port"
    export VIGIL_TEST_POSTGRES_CA="$pg_root/ca.crt"
  else
    echo "test-session.sh: PostgreSQL did not start; the postgresql suite will fail" >&2
    cat "$pg_root"/*.log >&2 || true
  fi
fi
stop_postgres() {
  [ -n "$pg_root" ] || return 0
  if [ -n "${VIGIL_TEST_POSTGRES:-}" ]; then
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -w -s -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_root"
}

# PipeWire (pipewire-bin), WirePlumber and pipewire-pulse, which Vigil plays
# sound through: the sockets go in the session's XDG_RUNTIME_DIR, and the
# daemons read a configuration folder of their own, so that they neither
# read the user's settings nor open the machine's sound cards, cameras or
# Bluetooth. The null sink is the only sink, and the default one: a stream
# that WirePlumber links shows as a link to it. Where any of them is missing
# the session goes without sound, and the tests that need it skip.
if command -v pipewire >/dev/null 2>&1 && command -v wireplumber >/dev/null 2>&1 &&
   command -v pipewire-pulse >/dev/null 2>&1 && command -v pw-metadata >/dev/null 2>&1; then
  pw_config="$XDG_RUNTIME_DIR/pipewire-config"
  mkdir -p "$pw_config/pipewire/pipewire.conf.d" "$pw_config/wireplumber/main.lua.d" \
           "$pw_config/wireplumber/bluetooth.lua.d"
  cat >"$pw_config/pipewire/pipewire.conf.d/vigil-test-sink.conf" <<'EOF'
context.objects = [
  { factory = adapter
    args = {
      factory.name     = support.null-audio-sink
      node.name        = vigil-test-sink
      node.description = "Vigil test sink"
      media.class      = Audio/Sink
      audio.position   = [ FL FR ]
      priority.session = 2000
      object.linger    = true
    }
  }
]
EOF
  # Read before 90-enable-all.lua, which enables what is not disabled.
  printf '%s\n' 'alsa_monitor.enabled = false' 'v4l2_monitor.enabled = false' \
         'libcamera_monitor.enabled = false' >"$pw_config/wireplumber/main.lua.d/50-vigil-test-session.lua"
  printf '%s\n' 'bluez_monitor.enabled = false' >"$pw_config/wireplumber/bluetooth.lua.d/50-vigil-test-session.lua"

  XDG_CONFIG_HOME="$pw_config" pipewire >"$XDG_RUNTIME_DIR/pipewire.log" 2>&1 &
  pipewire_pid=$!
  # WirePlumber gives up at once if the daemon does not answer yet.
  pipewire_ready=
  for _ in $(seq 100); do
    if timeout 5 pw-cli info 0 >/dev/null 2>&1; then
      XDG_CONFIG_HOME="$pw_config" wireplumber >"$XDG_RUNTIME_DIR/wireplumber.log" 2>&1 &
      wireplumber_pid=$!
      break
    fi
    sleep 0.1
  done
  # Ready when WirePlumber has made the null sink the default: it links
  # streams from then on.
  for _ in $(seq 100); do
    [ -n "$wireplumber_pid" ] || break
    if timeout 5 pw-metadata 0 default.audio.sink 2>/dev/null | grep -q '"vigil-test-sink"'; then
      pipewire_ready=1
      break
    fi
    sleep 0.1
  done
  # pipewire-pulse: ready once its socket is there (it listens as it binds).
  if [ -n "$pipewire_ready" ]; then
    XDG_CONFIG_HOME="$pw_config" pipewire-pulse >"$XDG_RUNTIME_DIR/pipewire-pulse.log" 2>&1 &
    pipewire_pulse_pid=$!
    pipewire_ready=
    for _ in $(seq 100); do
      if [ -S "$XDG_RUNTIME_DIR/pulse/native" ]; then
        pipewire_ready=1
        break
      fi
      sleep 0.1
    done
  fi
  if [ -n "$pipewire_ready" ]; then
    # A test that needs the sink fails, rather than skips, when it is named.
    export VIGIL_TEST_AUDIO_SINK=vigil-test-sink
  else
    echo "test-session.sh: PipeWire did not start; sound tests will skip" >&2
    cat "$XDG_RUNTIME_DIR"/*.log >&2 || true
  fi
fi

for _ in $(seq 100); do
  if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
       --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; then
    break
  fi
  sleep 0.1
done

"$@"
