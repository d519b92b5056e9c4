# GPU: devices, --device on tomo recon / corr xengine / corr run (sourced by run-cli-tests.sh). Works with and
# without a GPU: without one, auto must fall back to the CPU and say so, and gpu must be one line, exit 2.
run "$DAYBREAK" devices
expect_code "devices exits 0" 0
if grep -q '^CPU: ' "$WORK/out" && { grep -q '^GPU 0: ' "$WORK/out" || grep -q '^GPU: none (.\+)' "$WORK/out"; }; then
  pass "devices lists the CPU and every GPU, or says why there is none"
else fail "devices output" "$out"; fi
run "$DAYBREAK" devices --json
res=$(printf '%s' "$out" | $PY -c "
import json, sys; d = json.load(sys.stdin)
ok = 'cpu' in d and isinstance(d['gpus'], list) and (d['status'] == 'usable' and d['gpus'] or d['status'] != 'usable' and d['reason'])
print('OK' if ok else d)" 2>&1)
[ "$res" = "OK" ] && pass "devices --json: cpu, gpus, status and reason" || fail "devices --json" "$res"
usable=$(printf '%s' "$out" | $PY -c "import json, sys; print(json.load(sys.stdin)['status'] == 'usable')")
$PY - "$WORK" <<'PY'
import numpy, sys
w = sys.argv[1]
rng = numpy.random.default_rng(3)
numpy.save(w + "/gx.npy", rng.integers(-128, 128, size=(32, 4, 6, 2), dtype=numpy.int8))
a = numpy.arange(0, 180, 2.0)
n = 48
x = numpy.arange(n) - n / 2
s = numpy.tile(numpy.maximum(0, 1 - (x / 15.0) ** 2), (len(a), 1)).astype(numpy.float32)
numpy.save(w + "/gs.npy", numpy.stack([s, s]))
numpy.save(w + "/ga.npy", a)
PY
run "$DAYBREAK" corr xengine --in "$WORK/gx.npy" --out "$WORK/gv-cpu.npy" --integrate 8 --device cpu
expect_code "corr xengine --device cpu exits 0" 0
run "$DAYBREAK" corr xengine --in "$WORK/gx.npy" --out "$WORK/gv-auto.npy" --integrate 8
expect_code "corr xengine (device auto) exits 0" 0
if [ "$usable" = "True" ]; then where='on GPU 0'; else where='on CPU (no GPU: '; fi
grep -q "$where" "$WORK/err" && pass "corr xengine says where it ran" || fail "corr xengine says where it ran" "$err"
res=$($PY -c "
import numpy; a = numpy.load('$WORK/gv-cpu.npy'); b = numpy.load('$WORK/gv-auto.npy')
print('OK' if a.dtype == b.dtype == numpy.int64 and (a == b).all() else 'differs')")
[ "$res" = "OK" ] && pass "corr xengine: the same visibilities on every device" || fail "corr xengine devices agree" "$res"
run "$DAYBREAK" tomo recon --sinogram "$WORK/gs.npy" --angles "$WORK/ga.npy" --out "$WORK/gr.npy"
expect_code "tomo recon (device auto) exits 0" 0
grep -q "$where" "$WORK/err" && pass "tomo recon says where it ran" || fail "tomo recon says where it ran" "$err"
run "$DAYBREAK" tomo recon --sinogram "$WORK/gs.npy" --angles "$WORK/ga.npy" --out "$WORK/gr.npy" --device tpu
expect_one_line_error "tomo recon --device tpu: one line, exit 2"
if [ "$usable" != "True" ]; then
  run "$DAYBREAK" tomo recon --sinogram "$WORK/gs.npy" --angles "$WORK/ga.npy" --out "$WORK/gr.npy" --device gpu
  expect_one_line_error "tomo recon --device gpu without a GPU: one line, exit 2"
  grep -q 'no GPU is usable' "$WORK/err" && pass "the line names the reason" || fail "the reason" "$err"
  run "$DAYBREAK" corr xengine --in "$WORK/gx.npy" --out "$WORK/gv.npy" --integrate 8 --device gpu
  expect_one_line_error "corr xengine --device gpu without a GPU: one line, exit 2"
  run "$DAYBREAK" worker --gpu --remote tcp://127.0.0.1:1
  expect_one_line_error "worker --gpu without a GPU: one line, exit 2"
else
  echo "NOT RUN: the --device gpu error checks (this machine has a usable GPU)"
fi
