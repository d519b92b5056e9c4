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
run "$DAYBREAK" corr xengine --in "$WORK/x.npy" --out "$WORK/v.npy" --integrate 10
expect_one_line_error "corr xengine with an integration that does not divide the samples: one line, exit 2"
run "$DAYBREAK" corr qualify --out "$WORK/qual"
expect_code "corr qualify exits 0" 0
res=$($PY -c "
import json; r = json.load(open('$WORK/qual/results.json'))
checks = r['checks'] if isinstance(r, dict) and 'checks' in r else r
print('OK' if len(checks) >= 4 else r)" 2>&1)
[ "$res" = "OK" ] && [ -f "$WORK/qual/index.html" ] && pass "corr qualify writes results.json with its checks and an HTML report" || fail "corr qualify outputs" "$res"
