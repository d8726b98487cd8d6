#!/usr/bin/env bash
# Mutation testing (issue 14): would the tests notice a wrong rule in the diagnosis, the
# Authorization header, the base-URL analysis or terminal safety?
#
# cargo-mutants changes one thing at a time in those files (.cargo/mutants.toml names them:
# src/diagnose/**, src/api/auth.rs, src/api/base_url.rs, src/sanitize.rs), e.g. `<` into
# `<=`, a match arm deleted, a function returning a constant, and runs the tests. A mutant
# the tests do not fail on is "missed": a rule no test checks.
#
# Two passes, because the whole test suite per mutant would take hours on two cores:
#   1. every mutant against the unit tests (`cargo test --lib`), a few seconds each;
#   2. only the mutants pass 1 missed, against the whole suite (`cargo test`: the
#      integration tests run the real binary, `check`'s output and the TUI).
# The figure is pass 2's: caught / (caught + missed + timeout), unviable mutants (those that
# do not compile) left out as cargo-mutants does.
#
# Not part of .ci/run: it takes about half an hour on the development machine.
#
# Usage: scripts/mutants.sh [OUTPUT_DIR]   (default target/mutants)
#
# Equivalent mutants (missed, and cannot be caught because the program behaves the same):
#   none at the time of the last run (see README, Security and robustness, for the figure and
#   its date). A mutant found missed later is either killed by a new test or listed here with
#   why it is equivalent.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/mutants}
mkdir -p "$out"

if ! command -v cargo-mutants >/dev/null 2>&1; then
  echo "== installing cargo-mutants 27.1.0"
  cargo install --locked cargo-mutants@27.1.0
fi

echo "== pass 1: every mutant against the unit tests"
# Exit code 2 means "some mutants missed": expected here, pass 2 decides.
cargo mutants --no-shuffle -C --lib -o "$out/pass1" || [ $? -eq 2 ]

echo "== pass 2: the survivors against the whole test suite"
missed="$out/pass1/mutants.out/missed.txt"
if [ ! -s "$missed" ]; then
  echo "pass 1 missed nothing"
  exit 0
fi
# cargo-mutants' --iterate skips what an earlier run in the same output directory caught;
# copy pass 1 there so pass 2 tries only its survivors (and timeouts).
rm -rf "$out/pass2" && mkdir -p "$out/pass2"
cp -r "$out/pass1/mutants.out" "$out/pass2/mutants.out"
status=0
cargo mutants --no-shuffle --iterate -o "$out/pass2" || status=$?

caught_unit=$(wc -l < "$out/pass1/mutants.out/caught.txt")
unviable=$(wc -l < "$out/pass1/mutants.out/unviable.txt")
caught_all=$(wc -l < "$out/pass2/mutants.out/caught.txt")
missed_all=$(wc -l < "$out/pass2/mutants.out/missed.txt")
timeout_all=$(wc -l < "$out/pass2/mutants.out/timeout.txt")
caught=$((caught_unit + caught_all))
viable=$((caught + missed_all + timeout_all))
echo "== $(date -u +%F): $caught of $viable viable mutants caught" \
  "($((100 * caught / viable)) %), $unviable unviable; missed:"
cat "$out/pass2/mutants.out/missed.txt"
exit "$status"
