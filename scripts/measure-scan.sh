#!/usr/bin/env bash
# Measures the full scope scan as a user runs it, on the release build:
#   1. `check --demo --scan` wall time (the whole check: /account, the probes, the scan);
#   2. the TUI after a scan (F8 in a tmux pane, until "scan done" shows): utime+stime of all
#      threads (/proc/PID/stat) and context switches over 10 s with nothing happening,
#      3 runs: the process must be idle again (0 ms).
# The frame time during a scan and the scan's bound (2 × the slowest single endpoint + 50 ms
# per batch of 4) come from `cargo bench --bench explorer`.
#
# Usage: scripts/measure-scan.sh
# Needs tmux (installed with apt-get if missing) and awk. Starts only its own tmux sessions
# (named sgi-scan-*) and stops them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if ! command -v tmux >/dev/null; then
    echo "== tmux is missing: installing it with apt-get"
    apt-get update -qq && apt-get install -y -qq tmux >/dev/null
fi
echo "== building release"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/sipgate-inspect"
sessions=()
cleanup() { for s in "${sessions[@]}"; do tmux kill-session -t "$s" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m }'; }

echo "== check --demo --scan: wall time, 10 runs"
times=()
for _ in $(seq 1 10); do
    start="$(date +%s%N)"
    env -i "$bin" check --demo --scan --json >/dev/null
    times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
done
echo "   each (ms): ${times[*]} -> median $(printf '%s\n' "${times[@]}" | median) ms"

wait_for_screen() {
    local i
    for i in $(seq 1 1000); do
        tmux capture-pane -p -t "$1" 2>/dev/null | grep -qF "$2" && return 0
        sleep 0.02
    done
    echo "measure-scan: session $1 never showed '$2'" >&2
    tmux capture-pane -p -t "$1" >&2 || true
    return 1
}
clk="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
switches() { cat /proc/"$1"/task/*/status | awk '/ctxt_switches/ { s += $2 } END { print s }'; }
echo "== TUI after a full scan: CPU and context switches over 10 s, 3 runs"
idle=() switched=()
for i in 1 2 3; do
    name="sgi-scan-$i"
    tmux new-session -d -s "$name" -x 110 -y 32 "exec $bin --demo"
    sessions+=("$name")
    wait_for_screen "$name" "DEMO API"
    pid="$(tmux list-panes -t "$name" -F '#{pane_pid}')"
    tmux send-keys -t "$name" F8
    wait_for_screen "$name" "scan done: 68 of 68"
    sleep 1
    t0="$(cpu_ticks "$pid")" s0="$(switches "$pid")"
    sleep 10
    t1="$(cpu_ticks "$pid")" s1="$(switches "$pid")"
    idle+=("$(( (t1 - t0) * 1000 / clk ))")
    switched+=("$((s1 - s0))")
    kill -TERM "$pid" 2>/dev/null || true
    tmux kill-session -t "$name" 2>/dev/null || true
done
echo "   CPU in 10 s (ms, resolution $((1000 / clk)) ms): ${idle[*]}"
echo "   context switches in 10 s: ${switched[*]}"
