#!/usr/bin/env bash
# Checks the built product through its command line, as a user calls it. Each check prints PASS/FAIL;
# the last line is "N passed, M failed". Area-specific checks live in tests/cli/*.check.sh and are sourced.
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
DAYBREAK="$ROOT/daybreak"
TESTDATA="$ROOT/../shared/testdata"
PY=/usr/bin/python3
WORK=$(mktemp -d /tmp/daybreak-cli.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0; failed=0

pass() { passed=$((passed+1)); echo "PASS $1"; }
fail() { failed=$((failed+1)); echo "FAIL $1"; [ $# -gt 1 ] && echo "     $2"; }

# run CMD...: sets $out, $err, $code
run() { "$@" >"$WORK/out" 2>"$WORK/err"; code=$?; out=$(cat "$WORK/out"); err=$(cat "$WORK/err"); }

expect_code() { # name expected-code
  if [ "$code" -eq "$2" ]; then pass "$1"; else fail "$1" "exit code $code, expected $2; stderr: $(head -c 400 "$WORK/err")"; fi
}
expect_one_line_error() { # name
  local n; n=$(grep -c . "$WORK/err")
  if [ "$code" -eq 2 ] && [ "$n" -eq 1 ] && ! grep -q 'at org\.\|Exception' "$WORK/err"; then pass "$1"
  else fail "$1" "exit $code, stderr ($n lines): $(head -c 400 "$WORK/err")"; fi
}

# --- the launcher itself
run "$DAYBREAK" --help
expect_code "--help exits 0" 0
for s in h5 plot fit tomo corr run worker broker jobs version gui; do
  if grep -qE "^  $s " "$WORK/out"; then pass "--help lists '$s'"; else fail "--help lists '$s'" "$out"; fi
done
run "$DAYBREAK" version
expect_code "version exits 0" 0
if grep -q '^Daybreak ' "$WORK/out" && grep -q 'org.daybreak.core' "$WORK/out" && grep -q '^Java ' "$WORK/out"; then
  pass "version names Daybreak, Java and the bundles"; else fail "version names Daybreak, Java and the bundles" "$out"; fi
run "$DAYBREAK" frobnicate
expect_one_line_error "unknown subcommand: one line, exit 2"
grep -q "unknown subcommand 'frobnicate'" "$WORK/err" && pass "unknown subcommand is named" || fail "unknown subcommand is named" "$err"
run "$DAYBREAK" --frobnicate
expect_one_line_error "unknown option: one line, exit 2"
run "$DAYBREAK" gui --frobnicate
expect_one_line_error "unknown gui option: one line, exit 2"

# --- the product archive unpacks and runs on its own
ARCHIVE=$(ls "$ROOT"/product/org.daybreak.product/target/archives/daybreak-*-linux.gtk.x86_64.tar.gz 2>/dev/null | head -1)
if [ -n "$ARCHIVE" ] && tar -xzf "$ARCHIVE" -C "$WORK"; then
  pass "product archive unpacks"
  run "$WORK/daybreak/daybreak" --help
  expect_code "unpacked product runs its command line" 0
  if command -v xwininfo >/dev/null 2>&1 && command -v xvfb-run >/dev/null 2>&1; then
    HOME="$WORK/home" xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
      "$1/daybreak/daybreak" & pid=$!
      for i in $(seq 1 120); do
        if xwininfo -root -tree 2>/dev/null | grep -q "\"Daybreak"; then kill $pid; wait $pid 2>/dev/null; exit 0; fi
        kill -0 $pid 2>/dev/null || exit 1
        sleep 0.5
      done
      kill $pid; exit 1' _ "$WORK" >"$WORK/gui.log" 2>&1
    if [ $? -eq 0 ]; then pass "unpacked product opens the Daybreak window"; else fail "unpacked product opens the Daybreak window" "$(tail -5 "$WORK/gui.log")"; fi
  else
    fail "unpacked product opens the Daybreak window" "xwininfo/xvfb-run missing (tests/run installs x11-utils and xvfb)"
  fi
else
  fail "product archive unpacks" "no archive under product/org.daybreak.product/target/archives"
fi

# --- checks of each capability's command line
for f in "$ROOT"/tests/cli/*.check.sh; do
  [ -e "$f" ] || continue
  # shellcheck source=/dev/null
  . "$f"
done

# --- ./daybreak rebuilds the product when a source of a bundle in the build is newer than the product (last: its
# Linux-only rebuild replaces the build the checks above ran against, the other platforms' archives included)
touch "$ROOT/bundles/org.daybreak.core/META-INF/MANIFEST.MF"
run "$DAYBREAK" version
expect_code "./daybreak rebuilds after a source changed, then runs" 0
grep -q "building the product" "$WORK/err" && pass "the rebuild is announced on stderr" || fail "the rebuild is announced on stderr" "$err"
run "$DAYBREAK" version
[ "$code" -eq 0 ] && ! grep -q "building the product" "$WORK/err" && pass "no rebuild when nothing changed" \
  || fail "no rebuild when nothing changed" "exit $code; $err"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
