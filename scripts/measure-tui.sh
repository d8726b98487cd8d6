#!/usr/bin/env bash
# Measures the TUI as a user runs it, in a real terminal (tmux), on the release build:
#   1. time to first frame: from starting the binary until its first frame is written (the
#      frame's bytes timed by util-linux `script -T` inside a tmux pane, so the terminal has
#      a real size); median of RUNS runs;
#   2. CPU while idle: utime+stime (all threads, /proc/PID/stat) and context switches (all
#      threads) over 10 s with nothing happening; median of 3 runs;
#   3. memory: VmRSS at idle, then VmRSS and VmHWM (peak) after pressing Enter and seeing the
#      result, for the demo account; and, when python3 is there to serve them, for a 9.5 MB
#      JSON body and a 9.5 MB hostile one (a flat array nested 128 deep, which pretty-printing
#      in full would turn into gigabytes of indentation);
#   4. the release binary's size.
#
# Usage: scripts/measure-tui.sh [RUNS]      (default 10 runs for the time to first frame)
# Needs tmux: installed with apt-get if missing (the only thing this script installs).
# Needs script (util-linux), awk; python3 only for the large-body memory figures.
# Starts only its own tmux sessions (named sgi-measure-*) and servers, and stops them.
set -euo pipefail

runs="${1:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v tmux >/dev/null; then
    echo "== tmux is missing: installing it with apt-get"
    apt-get update -qq && apt-get install -y -qq tmux >/dev/null
fi
command -v script >/dev/null || { echo "measure-tui: script (util-linux) is required" >&2; exit 2; }

echo "== building release"
cargo build --release --quiet
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="$target_dir/release/sipgate-inspect"

workdir="$(mktemp -d)"
sessions=()
server_pid=""
cleanup() {
    for s in "${sessions[@]}"; do tmux kill-session -t "$s" 2>/dev/null || true; done
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

cpu="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "== machine: $(nproc) cores, $(uname -m), ${cpu:-unknown CPU}, $(uname -sr)"
echo "== $("$bin" --version), tmux $(tmux -V | cut -d' ' -f2)"
echo

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m }'; }

# Waits until the pane of session $1 shows $2 (up to 10 s).
wait_for_screen() {
    local i
    for i in $(seq 1 500); do
        tmux capture-pane -p -t "$1" 2>/dev/null | grep -qF "$2" && return 0
        sleep 0.02
    done
    echo "measure-tui: session $1 never showed '$2':" >&2
    tmux capture-pane -p -t "$1" >&2 || true
    return 1
}

# The PID of the sipgate-inspect process in session $1 (its pane runs it with exec).
app_pid() { tmux list-panes -t "$1" -F '#{pane_pid}'; }

# Starts `$bin ARGS` in a new 100×30 tmux session named $1, with the environment in $2
# (a string of NAME=VALUE words), and waits for its first frame.
start_app() {
    local name="$1" env="$2"; shift 2
    tmux new-session -d -s "$name" -x 100 -y 30 "exec env $env $bin $*"
    sessions+=("$name")
    wait_for_screen "$name" "sipgate-inspect"
}

stop_app() {
    local pid
    pid="$(app_pid "$1" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
    tmux kill-session -t "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- 1. time to first frame
echo "== time to first frame, $runs runs (--demo: includes starting the demo API)"
: >"$workdir/ttff"
for i in $(seq 1 "$runs"); do
    name="sgi-measure-ttff-$i"
    out="$workdir/out$i" timing="$workdir/timing$i"
    tmux new-session -d -s "$name" -x 100 -y 30 \
        "script -q -E never -T $timing -O $out -c 'exec $bin --demo'"
    sessions+=("$name")
    wait_for_screen "$name" "DEMO API"
    # The app is the child of script, the pane's process.
    script_pid="$(app_pid "$name")"
    child="$(cat /proc/"$script_pid"/task/*/children 2>/dev/null | awk '{ print $1 }')"
    [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null || true
    for _ in $(seq 1 100); do [[ -z "$(tmux list-sessions 2>/dev/null | grep "^$name:")" ]] && break; sleep 0.02; done
    tmux kill-session -t "$name" 2>/dev/null || true
    # Offset of the first frame's text in the data (after script's header line), then the
    # time at which the chunk holding it was written.
    header="$(head -n 1 "$out" | wc -c)"
    offset="$(grep -abo "DEMO API" "$out" | head -n 1 | cut -d: -f1)"
    awk -v want="$((offset - header))" '{ t += $1; bytes += $2; if (bytes > want) { printf "%.2f\n", t * 1000; exit } }' \
        "$timing" >>"$workdir/ttff"
done
ttff="$(median <"$workdir/ttff")"
echo "   each (ms): $(tr '\n' ' ' <"$workdir/ttff")"
echo "   median: ${ttff} ms"
echo

# ---------------------------------------------------------------- 2. idle CPU
clk="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
switches() { cat /proc/"$1"/task/*/status | awk '/ctxt_switches/ { s += $2 } END { print s }'; }
echo "== CPU while idle: 10 s with nothing happening, 3 runs (--demo, result not yet asked for)"
: >"$workdir/idle" ; : >"$workdir/switch"
for i in 1 2 3; do
    name="sgi-measure-idle-$i"
    start_app "$name" "" --demo
    pid="$(app_pid "$name")"
    sleep 1
    t0="$(cpu_ticks "$pid")" s0="$(switches "$pid")"
    sleep 10
    t1="$(cpu_ticks "$pid")" s1="$(switches "$pid")"
    echo "$(((t1 - t0) * 1000 / clk))" >>"$workdir/idle"
    echo "$((s1 - s0))" >>"$workdir/switch"
    stop_app "$name"
done
echo "   CPU time in 10 s (ms, resolution $((1000 / clk)) ms): $(tr '\n' ' ' <"$workdir/idle")-> median $(median <"$workdir/idle") ms"
echo "   context switches in 10 s (all threads): $(tr '\n' ' ' <"$workdir/switch")-> median $(median <"$workdir/switch")"
echo

# ---------------------------------------------------------------- 3. memory
kib() { awk -v k="$2" '$1 == k":" { print $2 }' /proc/"$1"/status; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# Runs the app in session $1 with env $2, args $3.., presses Enter, waits for "$expect",
# and prints idle RSS, RSS after the result and the peak.
memory_case() {
    local name="$1" env="$2" expect="$3" label="$4"; shift 4
    start_app "$name" "$env" "$@"
    local pid idle rss hwm
    pid="$(app_pid "$name")"
    sleep 0.5
    idle="$(kib "$pid" VmRSS)"
    tmux send-keys -t "$name" Enter
    wait_for_screen "$name" "$expect"
    sleep 1
    rss="$(kib "$pid" VmRSS)" hwm="$(kib "$pid" VmHWM)"
    echo "   $label: idle $(mib "$idle") MiB; after the result $(mib "$rss") MiB, peak (VmHWM) $(mib "$hwm") MiB"
    stop_app "$name"
}
echo "== memory (RSS)"
memory_case sgi-measure-mem-demo "" "200 OK" "demo account (--demo, incl. the in-process demo API)" --demo

if command -v python3 >/dev/null; then
    mkdir -p "$workdir/www/v2"
    python3 - "$workdir/www/v2" <<'EOF'
import json, sys
out = sys.argv[1]
users = [{"id": f"w{i}", "firstname": "Ada", "lastname": "Lovelace", "email": f"ada{i}@example.com",
          "admin": i % 7 == 0} for i in range(95_000)]
body = json.dumps({"company": "Large GmbH", "mainProductType": "TEAM", "users": users}, separators=(",", ":"))
open(f"{out}/account-large", "w").write(body)
n = (9_500_000 - 256) // 2
open(f"{out}/account-deep", "w").write("[" * 128 + "1," * n + "1" + "]" * 128)
EOF
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    (cd "$workdir/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
    server_pid=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.05; done
    creds="SIPGATE_TOKEN_ID=token-DEMO01 SIPGATE_TOKEN=00000000-0000-4000-8000-000000000001"
    for kind in large deep; do
        size="$(wc -c <"$workdir/www/v2/account-$kind")"
        cp "$workdir/www/v2/account-$kind" "$workdir/www/v2/account"
        memory_case "sgi-measure-mem-$kind" "$creds SIPGATE_BASE_URL=http://127.0.0.1:$port/v2" "200 OK" \
            "$kind JSON body of $(mib $((size / 1024))) MiB"
    done
else
    echo "   (python3 not found: the large-body figures are skipped)"
fi
echo

# ---------------------------------------------------------------- 4. binary size
size="$(stat -c %s "$bin")"
echo "== release binary: $size bytes ($(mib $((size / 1024))) MiB; LTO, stripped)"
