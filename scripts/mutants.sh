#!/usr/bin/env bash
# Mutation testing (issue 14): would the tests notice a wrong rule in the diagnosis, the
# Authorization header, the base-URL analysis or terminal safety?
#
# cargo-mutants changes one thing at a time in those files (`scope` below: src/diagnose/**,
# src/api/auth.rs, src/api/base_url.rs, src/sanitize.rs), e.g. `<` into
# `<=`, a match arm deleted, a function returning a constant, and runs the tests. A mutant
# the tests do not fail on is "missed": a rule no test checks.
#
# Two passes, because the whole test suite per mutant would take hours on two cores:
#   1. every mutant against the unit tests (`cargo test --lib`), a few seconds each;
#   2. only the mutants pass 1 missed, against the whole suite (`cargo test`: the
#      integration tests run the real binary, `check`'s output and the TUI).
# The figure: detected (a test failed, or the tests hung until the timeout) out of all viable
# mutants; unviable ones (they do not compile) are left out, as cargo-mutants does.
#
# Not part of .ci/run: it takes about half an hour on the development machine.
#
# Usage: scripts/mutants.sh [OUTPUT_DIR]   (default target/mutants)
#
# Equivalent mutants (missed, and cannot be caught because the program behaves the same):
#   none at the last run (see README, Security and robustness, for the figure and its date).
#   The one found on the way, `encoded.len() < 8` in decode_basic (no input that short can
#   decode to a credential of sipgate's shape), was removed from the code rather than listed.
#   A mutant found missed later is either killed by a new test or listed here with why it is
#   equivalent.
# Timeouts: `open + 1` → `open - 1` / `open * 1` in Facts::fill loop forever on the first
#   placeholder; the tests hang and cargo-mutants stops them at its timeout (detected).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/mutants}
mkdir -p "$out"

if ! command -v cargo-mutants >/dev/null 2>&1; then
  echo "== installing cargo-mutants 27.1.0"
  cargo install --locked cargo-mutants@27.1.0
fi

# cargo-mutants exits 2 when it missed mutants and 3 when some timed out: both are results
# this script counts below, not failures of the run.
# The scope issue 14 names; the `mutants` profile (Cargo.toml) is the test profile without
# debug info, so each of the few hundred mutant builds links faster.
scope=(-f 'src/diagnose/**/*.rs' -f src/api/auth.rs -f src/api/base_url.rs -f src/sanitize.rs)
mutants() {
  cargo mutants --no-shuffle --profile mutants "${scope[@]}" "$@" || { status=$?; [ "$status" -eq 2 ] || [ "$status" -eq 3 ]; }
}

echo "== pass 1: every mutant against the unit tests"
mutants -C --lib -o "$out/pass1"

echo "== pass 2: the survivors against the whole test suite"
p1="$out/pass1/mutants.out"
if [ -s "$p1/missed.txt" ]; then
  # cargo-mutants' --iterate skips what an earlier run in the same output directory caught
  # or found unviable; copy pass 1 there so pass 2 tries only its survivors.
  rm -rf "$out/pass2" && mkdir -p "$out/pass2"
  cp -r "$p1" "$out/pass2/mutants.out"
  mutants --iterate -o "$out/pass2"
  p2="$out/pass2/mutants.out"
  missed=$(wc -l < "$p2/missed.txt")
  caught_late=$(wc -l < "$p2/caught.txt")
  missed_list="$p2/missed.txt"
  # Pass 2 tries pass 1's timeouts again too: its own count replaces pass 1's.
  timeouts=$(wc -l < "$p2/timeout.txt")
else
  echo "pass 1 missed nothing"
  missed=0
  caught_late=0
  missed_list="$p1/missed.txt"
  timeouts=$(wc -l < "$p1/timeout.txt")
fi

count() { wc -l < "$1"; }
caught=$(( $(count "$p1/caught.txt") + caught_late ))
# A timeout is a mutant that made the tests hang (an endless loop): detected, not missed.
unviable=$(count "$p1/unviable.txt")
viable=$((caught + timeouts + missed))
echo "== $(date -u +%F): $((caught + timeouts)) of $viable viable mutants detected" \
  "($caught failed a test, $timeouts hung until the timeout), $missed missed," \
  "$unviable unviable (do not compile)"
if [ "$missed" -gt 0 ]; then
  echo "missed:"
  cat "$missed_list"
  exit 2
fi
