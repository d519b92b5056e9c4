# shellcheck shell=bash
# corr run on a recording writes visibilities as it goes: HDF5 resizable along the dump axis (maxshape[0] None),
# equal to the in-memory path on the same voltages, readable while the run goes, and valid after a Ctrl-C.
# Sourced by run-cli-tests.sh (uses run, pass, fail, expect_code, $DAYBREAK, $TESTDATA, $PY, $WORK).
BB="$TESTDATA/radio/baseband"
run "$DAYBREAK" corr run --in "$BB/sample.vdif" --out "$WORK/stream.h5" --channels 16 --integrate 10
expect_code "corr run on a VDIF recording (streaming) exits 0" 0
run "$DAYBREAK" corr voltages "$BB/sample.vdif" --out "$WORK/stream_volts.npy"
$PY -c "
import numpy as np
v = np.load('$WORK/stream_volts.npy')[..., 0]          # [sample][stream][pol] -> [antenna][pol][sample]
np.save('$WORK/stream_mem.npy', np.ascontiguousarray(v[:40000 // 320 * 320].transpose(1, 2, 0)).astype(np.float32))"
run "$DAYBREAK" corr run --in "$WORK/stream_mem.npy" --sample-rate 32e6 --out "$WORK/stream_mem.h5" --channels 16 \
  --integrate 10 --device cpu
expect_code "corr run on the same voltages in memory exits 0" 0
res=$(HDF5_PLUGIN_PATH= $PY -c "
import h5py, numpy as np
s = h5py.File('$WORK/stream.h5', 'r'); m = h5py.File('$WORK/stream_mem.h5', 'r')
v, w = s['visibilities'], m['visibilities']
ok = (v.maxshape[0] is None and s['timestamps'].maxshape == (None,) and v.shape == (125, 16, 36, 1, 2)
      and v.shape == w.shape and np.allclose(v[()], w[()], rtol=1e-9, atol=1e-9)
      and np.allclose(s['timestamps'][()], m['timestamps'][()], rtol=1e-12)
      and np.allclose(s['frequencies'][()], m['frequencies'][()]) and int(s.attrs['complete']) == 1
      and s.attrs['source_format'] == b'vdif')
print('OK' if ok else (v.shape, v.maxshape, w.shape, float(np.abs(v[()] - w[()]).max())))" 2>&1)
[ "$res" = "OK" ] && pass "corr run streaming output: maxshape[0] None (h5py), equal to the in-memory path" \
  || fail "corr run streaming output vs in-memory" "$res"

# a longer recording: read while the run goes (after its first flush), then Ctrl-C: the file stays valid
$PY -c "
import sys; sys.path.insert(0, '$ROOT/bench')
import baseband_bench
baseband_bench.make_vdif('$WORK/long.vdif', 48)"
# job control on: the run gets its own process group and keeps SIGINT (a shell without job control makes background
# commands ignore it), so "kill -INT -- -PID" is what Ctrl-C in a terminal does. SIGINT is also set back to its
# default before the command starts: a test run that was itself started in the background of a non-interactive
# shell inherits SIGINT ignored, which no shell can undo and which the JVM then keeps (its run finished instead)
set -m
$PY -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
  "$DAYBREAK" corr run --in "$WORK/long.vdif" --out "$WORK/long.h5" --channels 16 --integrate 4 --threads 1 \
  >"$WORK/long.out" 2>"$WORK/long.err" &
pid=$!
set +m
mid=$(HDF5_PLUGIN_PATH= $PY -c "
import h5py, os, time
for i in range(600):
    time.sleep(0.2)
    try:
        with h5py.File('$WORK/long.h5', 'r') as f:
            n = f['visibilities'].shape[0]
            if n > 0 and int(f.attrs['complete']) == 0 and f['timestamps'].shape[0] == n:
                print(n); break
    except (OSError, KeyError):
        pass
else:
    print('never')" 2>&1)
kill -INT -- -"$pid"; wait "$pid"; code=$?
case "$mid" in
  ''|*[!0-9]*) fail "corr run: the output is readable (h5py) while the run goes" "$mid";;
  *) pass "corr run: the output is readable (h5py) while the run goes ($mid dumps seen)";;
esac
res=$(HDF5_PLUGIN_PATH= $PY -c "
import h5py
f = h5py.File('$WORK/long.h5', 'r'); n = f['visibilities'].shape[0]
print('OK' if n >= int('${mid:-0}' or 0) and f['timestamps'].shape[0] == n and int(f.attrs['complete']) == 0
      and f['visibilities'].maxshape[0] is None else (n, dict(f.attrs)))" 2>&1)
if [ "$code" -eq 130 ] && [ "$res" = "OK" ] && grep -q "corr run: cancelled: .*long.h5 holds the first [0-9]* of 195312 dumps" "$WORK/long.err"; then
  pass "corr run cancelled with Ctrl-C: exit 130, the file is valid with the dumps done, and says so"
else
  fail "corr run cancelled with Ctrl-C" "exit $code; $res; $(tail -3 "$WORK/long.err")"
fi
rm -f "$WORK/long.vdif" "$WORK/long.h5"
"$DAYBREAK" h5 tree "$WORK/stream.h5" >"$WORK/out" 2>&1 && grep -q "visibilities  <f8 (125, 16, 36, 1, 2)" "$WORK/out" \
  && pass "h5 tree reads the streaming output (jHDF)" || fail "h5 tree reads the streaming output" "$(head -c 400 "$WORK/out")"
