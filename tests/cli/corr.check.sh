# corr: X-engine contract against numpy, bit-exact (sourced by run-cli-tests.sh)
$PY - "$WORK" <<'PY'
import numpy, sys
w = sys.argv[1]
rng = numpy.random.default_rng(7)
x = rng.integers(-128, 128, size=(64, 8, 5, 2), dtype=numpy.int8)   # [time][channel][antenna][re,im]
numpy.save(w + "/x.npy", x)
PY
run "$DAYBREAK" corr xengine --in "$WORK/x.npy" --out "$WORK/v.npy" --integrate 16
expect_code "corr xengine exits 0" 0
res=$($PY -c "
import numpy
x = numpy.load('$WORK/x.npy').astype(numpy.int64); v = numpy.load('$WORK/v.npy')
c = x[..., 0] + 1j * x[..., 1]
T, C, N = c.shape; K = 16
pairs = [(i, j) for i in range(N) for j in range(i, N)]
ref = numpy.zeros((T // K, C, len(pairs), 2), numpy.int64)
for d in range(T // K):
    blk = x[d*K:(d+1)*K]
    for b, (i, j) in enumerate(pairs):
        re = (blk[:, :, i, 0] * blk[:, :, j, 0] + blk[:, :, i, 1] * blk[:, :, j, 1]).sum(0)
        im = (blk[:, :, i, 1] * blk[:, :, j, 0] - blk[:, :, i, 0] * blk[:, :, j, 1]).sum(0)
        ref[d, :, b, 0] = re; ref[d, :, b, 1] = im
print('OK' if v.dtype == numpy.int64 and v.shape == ref.shape and (v == ref).all() else 'differs: %s %s' % (v.dtype, v.shape))" 2>&1)
[ "$res" = "OK" ] && pass "corr xengine equals x_i conj(x_j) summed, baselines (0,0),(0,1)..., int64" || fail "corr xengine contract" "$res"
cp "$WORK/v.npy" "$WORK/v1.npy"
run "$DAYBREAK" corr xengine --in "$WORK/x.npy" --out "$WORK/v.npy" --integrate 16 --repeat 3
expect_code "corr xengine --repeat 3 exits 0" 0
if [ "$(grep -c '^corr xengine: pass [123] of 3: ' "$WORK/err")" = 3 ] && grep -q '^corr xengine: best of 3 passes ' "$WORK/err" \
   && cmp -s "$WORK/v.npy" "$WORK/v1.npy"; then
  pass "corr xengine --repeat 3: a line per pass, the best, the same visibilities"
else
  fail "corr xengine --repeat" "$(cat "$WORK/err")"
fi
run "$DAYBREAK" corr xengine --in "$WORK/x.npy" --out "$WORK/v.npy" --integrate 16 --repeat 0
expect_one_line_error "corr xengine --repeat 0: one line, exit 2"
run "$DAYBREAK" corr xengine --in "$WORK/x.npy" --out "$WORK/v.npy" --integrate 10
expect_one_line_error "corr xengine with an integration that does not divide the samples: one line, exit 2"
run "$DAYBREAK" corr qualify --out "$WORK/qual"
expect_code "corr qualify exits 0" 0
res=$($PY -c "
import json; r = json.load(open('$WORK/qual/results.json'))
checks = r['checks'] if isinstance(r, dict) and 'checks' in r else r
print('OK' if len(checks) >= 4 else r)" 2>&1)
[ "$res" = "OK" ] && [ -f "$WORK/qual/index.html" ] && pass "corr qualify writes results.json with its checks and an HTML report" || fail "corr qualify outputs" "$res"

# baseband recordings (VDIF, Mark 5B, DADA, GUPPI RAW): info, voltages, run, one-line errors
BB="$TESTDATA/radio/baseband"
run "$DAYBREAK" corr info "$BB/sample.vdif" --json
expect_code "corr info on VDIF exits 0" 0
res=$(printf "%s" "$out" | $PY -c "
import json, sys; m = json.load(sys.stdin)
ok = (m['format'] == 'vdif' and m['streams'] == 8 and m['bits'] == 2 and m['sample_rate'] == 32e6
      and m['samples'] == 40000 and m['start_time'] == '2014-06-16T05:56:07Z' and m['invalid_frames'] == 0)
print('OK' if ok else m)" 2>&1)
[ "$res" = "OK" ] && pass "corr info --json: VDIF format, 8 threads, 2 bits, 32 MHz, start time" || fail "corr info --json" "$res"
run "$DAYBREAK" corr voltages "$BB/sample.vdif" --out "$WORK/bb.npy" --start 0 --count 12
expect_code "corr voltages exits 0" 0
res=$($PY -c "
import numpy
v = numpy.load('$WORK/bb.npy')
ok = v.dtype == numpy.float32 and v.shape == (12, 8, 1, 2) and (v[..., 1] == 0).all() and \
     list(v[:, 0, 0, 0].astype(int)) == [-1, -1, 3, -1, 1, -1, 3, -1, 1, 3, -1, 1] and abs(v[2, 0, 0, 0] - 3.3359) < 1e-6
print('OK' if ok else (v.dtype, v.shape, v[:, 0, 0, 0]))" 2>&1)
[ "$res" = "OK" ] && pass "corr voltages: float32 [sample][stream][pol][re,im], thread 0 decodes as the baseband package states" || fail "corr voltages" "$res"
run "$DAYBREAK" corr voltages "$BB/sample_puppi.raw" --out "$WORK/gp.npy" --start 337 --count 3
res=$($PY -c "
import numpy
v = numpy.load('$WORK/gp.npy'); z = v[..., 0] + 1j * v[..., 1]
print('OK' if v.shape == (3, 4, 2, 2) and list(z[:, 0, 0]) == [2-25j, 11+10j, 22-7j] else z[:, 0, 0])" 2>&1)
[ "$res" = "OK" ] && pass "corr voltages on GUPPI: samples 337-339 across the overlap bookkeeping" || fail "corr voltages GUPPI" "$res"
run "$DAYBREAK" corr run --in "$BB/sample.vdif,$BB/sample_vlbi.vdif" --out "$WORK/bbvis.h5" --channels 64 --integrate 52
expect_code "corr run on two VDIF stations exits 0" 0
res=$(printf "%s" "$out" | $PY -c "
import json, sys; m = json.load(sys.stdin)
print('OK' if m['files'] == 2 and m['antennas'] == 16 and m['dumps'] == 6 and m['baselines'] == 136 else m)" 2>&1)
[ "$res" = "OK" ] && pass "corr run --in A,B: every baseline between two stations' 8 threads, 6 dumps" || fail "corr run two stations" "$res"
run "$DAYBREAK" corr stats "$BB/sample.vdif" --json --layout planar --repeat 2
expect_code "corr stats --layout planar --repeat 2 exits 0" 0
printf "%s" "$out" > "$WORK/stats_planar.json"
run "$DAYBREAK" corr stats "$BB/sample.vdif" --json --layout interleaved
printf "%s" "$out" > "$WORK/stats_inter.json"
res=$($PY -c "
import json
p = json.load(open('$WORK/stats_planar.json')); i = json.load(open('$WORK/stats_inter.json'))
ok = (p['decode_layout'] == 'planar' and i['decode_layout'] == 'interleaved' and len(p['decode_passes']) == 2
      and all(abs(a['rms_re'] - b['rms_re']) < 1e-12 and abs(a['mean_re'] - b['mean_re']) < 1e-12
              for a, b in zip(p['streams'], i['streams'])) and len(p['streams']) == 8)
print('OK' if ok else (p, i))" 2>&1)
[ "$res" = "OK" ] && pass "corr stats: the correlator's planar decoder and the interleaved one give the same per-thread mean and rms" || fail "corr stats planar/interleaved" "$res"
run "$DAYBREAK" corr stats "$BB/sample.vdif" --layout sideways
expect_one_line_error "corr stats with an unknown --layout: one line, exit 2"
run "$DAYBREAK" corr info "$BB/sample.m4"
expect_one_line_error "corr info on a Mark 4 file (not read): one line, exit 2"
run "$DAYBREAK" corr info "$BB/sample_blc.raw"
expect_one_line_error "corr info on a GUPPI header whose BLOCSIZE is larger than the file: one line, exit 2"
run "$DAYBREAK" corr voltages "$BB/sample.dada" --out "$WORK/x.npy" --start 100 --count 16000
expect_one_line_error "corr voltages with a --count past the end: one line, exit 2"
$PY -c "
h = b'HEADER DADA\nHDR_SIZE 99999\nNBIT 8\nNDIM 1\nNPOL 1\nNCHAN 1\nTSAMP 1\n'.ljust(4096, b'\0')
open('$WORK/lying.dada', 'wb').write(h + bytes(1000))"
run "$DAYBREAK" corr info "$WORK/lying.dada"
expect_one_line_error "corr info on a DADA header that claims more bytes than the file has: one line, exit 2"
printf 'plain text, not a recording\n%.0s' $(seq 1 50) > "$WORK/notes.txt"
run "$DAYBREAK" corr voltages "$WORK/notes.txt" --out "$WORK/x.npy"
expect_one_line_error "corr voltages on a text file: one line, exit 2"
