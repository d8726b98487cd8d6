#!/usr/bin/env bash
# Measures a clean release build (every dependency compiled from source, as on a fresh
# machine with the crates already downloaded) into a throw-away target directory, and the
# size of the binary it produces. The shared target/ is not touched.
#
# Usage: scripts/measure-build.sh
# The wall time depends on what else the machine is doing: run it on an idle machine.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="$(mktemp -d)"
trap 'rm -rf "$target"' EXIT INT TERM

cpu="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "== machine: $(nproc) cores, $(uname -m), ${cpu:-unknown CPU}, $(uname -sr)"
echo "== $(cargo --version), $(rustc --version)"
cargo fetch --quiet
start=$(date +%s%N)
CARGO_TARGET_DIR="$target" cargo build --release --quiet
end=$(date +%s%N)
size="$(stat -c %s "$target/release/sipgate-inspect")"
echo "clean release build: $(awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }') s wall"
echo "release binary: $size bytes ($(awk -v b="$size" 'BEGIN { printf "%.2f", b / 1048576 }') MiB; LTO, stripped)"
