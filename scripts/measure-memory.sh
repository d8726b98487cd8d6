#!/usr/bin/env bash
# Peak memory against the body size (issue 14): for each hostile body of up to the 10 MB cap,
# the peak RSS of `check`, `check --json` and the TUI must stay at or below
# 3 × body size + 16 MiB. Runs the release build against a loopback python3 http.server that
# serves one file per case as <case>/account:
#   fields   an account object with 100,000 unknown fields (kept as raw text, not a tree)
#   deep     an array nested 128 deep, then flat (re-indented in full it would be gigabytes)
#   string   10 MB of one JSON string
#   big-field an account whose one unknown field is a 10 MB string
# `check`: GNU time's maximum resident set size (/usr/bin/time -f %M). The TUI: run in a
# 100×30 tmux pane, Enter pressed, VmHWM (/proc/PID/status) once the result is on screen.
#
# Usage: scripts/measure-memory.sh        Exit status 1 when any figure is over its bound.
# Needs python3, tmux (installed with apt-get if missing), GNU time (/usr/bin/time, package
# `time`, installed likewise). Starts only its own server and tmux sessions (sgi-memory-*)
# and stops them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for tool in tmux:tmux /usr/bin/time:time; do
    if ! command -v "${tool%%:*}" >/dev/null; then
        echo "== ${tool%%:*} is missing: installing ${tool##*:} with apt-get"
        apt-get update -qq && apt-get install -y -qq "${tool##*:}" >/dev/null
    fi
done
command -v python3 >/dev/null || { echo "measure-memory: python3 is required" >&2; exit 2; }

echo "== building release"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/sipgate-inspect"

workdir="$(mktemp -d)"
sessions=()
server_pid=""
cleanup() {
    for s in "${sessions[@]}"; do tmux kill-session -t "$s" 2>/dev/null || true; done
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

cases=(fields deep string big-field)
python3 - "$workdir/www" <<'EOF'
import json, os, sys
www = sys.argv[1]
CAP = 10_000_000  # the client's body cap (MAX_BODY_BYTES)

def write(case, body):
    assert len(body) <= CAP, (case, len(body))
    os.makedirs(f"{www}/{case}", exist_ok=True)
    with open(f"{www}/{case}/account", "w") as f:
        f.write(body)

# 100,000 unknown fields of 98 bytes each (`"f000001":"xxx…",`), just under the cap.
n = 100_000
value = "x" * (CAP // n - len('"f000001":"",') - 1)
fields = ",".join(f'"f{i:06d}":"{value}"' for i in range(n))
write("fields", '{"company":"Many Fields GmbH","mainProductType":"TEAM",' + fields + "}")
k = (CAP - 258) // 2
write("deep", "[" * 128 + "1," * k + "1" + "]" * 128)
write("string", '"' + "x" * (CAP - 2) + '"')
head = '{"company":"Big Field GmbH","mainProductType":"TEAM","big":"'
write("big-field", head + "x" * (CAP - len(head) - 2) + '"}')
EOF

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
(cd "$workdir/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server_pid=$!
for _ in $(seq 1 200); do
    python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/fields/account')" 2>/dev/null && break
    sleep 0.05
done

export SIPGATE_TOKEN_ID=token-DEMO01 SIPGATE_TOKEN=00000000-0000-4000-8000-000000000001
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Peak RSS in KiB of `check ARGS` against case $1.
check_peak() {
    local case="$1"; shift
    local out="$workdir/time"
    /usr/bin/time -o "$out" -f %M "$bin" check --base-url "http://127.0.0.1:$port/$case" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$out"
}

wait_for_screen() {
    local i
    for i in $(seq 1 1500); do
        tmux capture-pane -p -t "$1" 2>/dev/null | grep -qF "$2" && return 0
        sleep 0.02
    done
    echo "measure-memory: session $1 never showed '$2':" >&2
    tmux capture-pane -p -t "$1" >&2 || true
    return 1
}

# Peak RSS in KiB of the TUI after it has shown the answer of case $1.
tui_peak() {
    local case="$1" name="sgi-memory-$1" pid hwm
    tmux new-session -d -s "$name" -x 100 -y 30 \
        "exec env SIPGATE_BASE_URL=http://127.0.0.1:$port/$case $bin"
    sessions+=("$name")
    wait_for_screen "$name" "sipgate-inspect" >/dev/null
    pid="$(tmux list-panes -t "$name" -F '#{pane_pid}')"
    tmux send-keys -t "$name" Enter
    wait_for_screen "$name" "200 OK" >/dev/null
    sleep 1
    hwm="$(awk '$1 == "VmHWM:" { print $2 }' /proc/"$pid"/status)"
    kill -TERM "$pid" 2>/dev/null || true
    tmux kill-session -t "$name" 2>/dev/null || true
    echo "$hwm"
}

echo "== $("$bin" --version); peak RSS in MiB; bound = 3 × body + 16 MiB"
printf '%-10s %10s %8s %8s %8s %8s %s\n' case "body MiB" bound check --json TUI verdict
over=0
for case in "${cases[@]}"; do
    size="$(stat -c %s "$workdir/www/$case/account")"
    bound=$((3 * size / 1024 + 16 * 1024))
    human="$(check_peak "$case")" json="$(check_peak "$case" --json)" tui="$(tui_peak "$case")"
    verdict=ok
    for figure in "$human" "$json" "$tui"; do
        if [[ -z "$figure" || "$figure" -gt "$bound" ]]; then verdict=OVER; over=1; fi
    done
    printf '%-10s %10s %8s %8s %8s %8s %s\n' "$case" "$(mib $((size / 1024)))" "$(mib "$bound")" \
        "$(mib "$human")" "$(mib "$json")" "$(mib "$tui")" "$verdict"
done
exit "$over"
