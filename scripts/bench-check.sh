#!/usr/bin/env bash
# Benchmarks `sipgate-inspect check` against `curl -u …` on the same loopback demo API:
# median wall time of each, their ratio, and peak memory (RSS). Scripts call `check` in
# loops, so its start-up cost is what this measures; the README quotes the result.
#
# Usage: scripts/bench-check.sh [RUNS]     (default 200 runs per command)
# Uses hyperfine when installed (BENCH_PLAIN=1 forces the plain timed loop used without it);
# peak RSS needs GNU time (/usr/bin/time -v). Needs cargo and curl.
set -euo pipefail

runs="${1:-200}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

command -v curl >/dev/null || { echo "bench-check: curl is required" >&2; exit 2; }

echo "== building release"
cargo build --release --quiet
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="$target_dir/release/sipgate-inspect"

# The demo API on a free port (port 0: the kernel picks one; the banner names it).
workdir="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT INT TERM
# Request log to a file, not the terminal: both clients pay for it alike.
"$bin" demo-server --port 0 >"$workdir/banner" 2>"$workdir/server.log" &
server_pid=$!
base=""
for _ in $(seq 1 100); do
    base="$(sed -n 's/^sipgate demo API listening on \(http[^ ]*\)$/\1/p' "$workdir/banner")"
    [[ -n "$base" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "bench-check: demo server died" >&2; cat "$workdir/server.log" >&2; exit 1; }
    sleep 0.05
done
[[ -n "$base" ]] || { echo "bench-check: demo server did not start" >&2; exit 1; }

# Demo credentials only: never benchmark with a real token.
export SIPGATE_TOKEN_ID=token-DEMO01
export SIPGATE_TOKEN=00000000-0000-4000-8000-000000000001
unset SIPGATE_ACCESS_TOKEN SIPGATE_BASE_URL
check_cmd=("$bin" check --base-url "$base")
curl_cmd=(curl -s -o /dev/null -u "$SIPGATE_TOKEN_ID:$SIPGATE_TOKEN" "$base/account")

# Both must succeed before timing means anything.
"${check_cmd[@]}" >/dev/null || { echo "bench-check: check failed against $base" >&2; exit 1; }
"${curl_cmd[@]}" || { echo "bench-check: curl failed against $base" >&2; exit 1; }

echo "== machine: $(nproc) cores, $(uname -m), $(uname -sr)"
echo "== $("$bin" --version), $(curl --version | head -n 1 | cut -d' ' -f1-2)"
echo "== server: $base (demo-server, same process for both clients)"
echo

median_check_ms="" median_curl_ms=""
if [[ -z "${BENCH_PLAIN:-}" ]] && command -v hyperfine >/dev/null; then
    echo "== hyperfine, $runs runs each (no shell: -N)"
    hyperfine -N --warmup 20 --runs "$runs" --export-json "$workdir/hyperfine.json" \
        --command-name check "${check_cmd[*]}" \
        --command-name curl "${curl_cmd[*]}"
    if command -v python3 >/dev/null; then
        read -r median_check_ms median_curl_ms < <(python3 - "$workdir/hyperfine.json" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
print(f'{results["check"]["median"] * 1000:.2f} {results["curl"]["median"] * 1000:.2f}')
EOF
)
    elif command -v jq >/dev/null; then
        median_check_ms="$(jq -r '.results[] | select(.command=="check") | .median * 1000' "$workdir/hyperfine.json")"
        median_curl_ms="$(jq -r '.results[] | select(.command=="curl") | .median * 1000' "$workdir/hyperfine.json")"
    fi
else
    echo "== plain timed loop (no hyperfine), $runs runs each"
    # Median of per-run wall times, in nanoseconds from date(1).
    median_of() {
        local -a times=()
        local i start end
        for ((i = 0; i < 10; i++)); do "$@" >/dev/null 2>&1 || true; done
        for ((i = 0; i < runs; i++)); do
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            times+=($((end - start)))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END {
            m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
            printf "%.2f\n", m / 1e6 }'
    }
    median_check_ms="$(median_of "${check_cmd[@]}")"
    median_curl_ms="$(median_of "${curl_cmd[@]}")"
fi

echo
if [[ -n "$median_check_ms" && -n "$median_curl_ms" ]]; then
    ratio="$(awk -v a="$median_check_ms" -v b="$median_curl_ms" 'BEGIN { printf "%.2f", a / b }')"
    echo "median wall time: check ${median_check_ms} ms, curl ${median_curl_ms} ms, ratio ${ratio}x"
else
    echo "median wall time: see hyperfine's table above (no python3 or jq to extract it)"
fi

# Peak RSS: the largest of a few runs, from GNU time.
peak_rss_kb() {
    local max=0 kb
    for _ in 1 2 3 4 5; do
        kb="$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }')"
        ((kb > max)) && max=$kb
    done
    echo "$max"
}
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    check_kb="$(peak_rss_kb "${check_cmd[@]}")"
    curl_kb="$(peak_rss_kb "${curl_cmd[@]}")"
    echo "peak RSS (max of 5): check $((check_kb / 1024)).$(((check_kb % 1024) * 10 / 1024)) MiB (${check_kb} KiB), curl $((curl_kb / 1024)).$(((curl_kb % 1024) * 10 / 1024)) MiB (${curl_kb} KiB)"
else
    echo "peak RSS: not measured (GNU time, /usr/bin/time -v, is not installed)"
fi
