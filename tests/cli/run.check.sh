# run: the examples and the exit-code contract through the product's command line (sourced by run-cli-tests.sh)
for ex in "$ROOT"/examples/*.py; do
  name=$(basename "$ex")
  case "$name" in _*) continue ;; esac
  DAYBREAK_TESTDATA="$TESTDATA" run "$DAYBREAK" run "$ex" "$WORK/examples"
  expect_code "example $name runs headless with ./daybreak run" 0
done
printf 'import daybreak as db\na = db.arange(6).reshape(2, 3)\nprint(a.sum(axis=0).tolist())\nraise ValueError("bad value")\n' > "$WORK/fails.py"
run "$DAYBREAK" run "$WORK/fails.py"
expect_code "a script that raises exits 1" 1
grep -q "\[3, 5, 7\]" "$WORK/out" && grep -q "ValueError: bad value" "$WORK/err" && grep -q "Traceback" "$WORK/err" \
  && pass "its output and traceback are shown" || fail "its output and traceback are shown" "out: $out; err: $err"
printf 'import sys\nsys.exit(int(sys.argv[1]))\n' > "$WORK/code.py"
run "$DAYBREAK" run "$WORK/code.py" 7
expect_code "sys.exit(n) gives exit code n, arguments reach sys.argv" 7
run "$DAYBREAK" run "$WORK/no-such-script.py"
expect_one_line_error "a missing script: one line, exit 2"
