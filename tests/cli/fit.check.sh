# fit: JSON contract of the product's command line (sourced by run-cli-tests.sh)
$PY - "$WORK" <<'PY'
import numpy, sys
w = sys.argv[1]
x = numpy.linspace(0, 20, 401)
rng = numpy.random.default_rng(1)
g = lambda c: 50 * numpy.exp(-(x - c) ** 2 / (2 * 1.2 ** 2)) / (1.2 * numpy.sqrt(2 * numpy.pi)) + 0.5 * x + 2 + rng.normal(0, 0.05, x.size)
y = g(8.3)
numpy.savetxt(w + "/peak.csv", numpy.c_[x, y], delimiter=",", header="x,y", comments="")
numpy.save(w + "/stack.npy", numpy.array([y, g(9.3), g(7.3)]))
numpy.save(w + "/x.npy", x)
PY
run "$DAYBREAK" fit --data "$WORK/peak.csv" --model gaussian+linear --json
expect_code "fit --model gaussian+linear exits 0" 0
res=$($PY -c "
import json; r = json.load(open('$WORK/out'))
p = r['params']; ok = r['success'] is True and abs(p['p1_center']['value'] - 8.3) < 0.02 and p['p1_center']['stderr'] > 0 \
  and abs(p['p1_amplitude']['value'] - 50) < 1 and abs(p['p2_slope']['value'] - 0.5) < 0.01 and all(k in r for k in ('chi2','redchi','iterations','message'))
print('OK' if ok else r)" 2>&1)
[ "$res" = "OK" ] && pass "fit JSON: params with value/stderr, chi2, redchi, iterations, success, message" || fail "fit JSON contract" "$res"
run "$DAYBREAK" fit --data "$WORK/stack.npy" --x "$WORK/x.npy" --model gaussian+linear --params "p1_center=8,p1_sigma=1,p1_amplitude=40" --json
expect_code "fit of a 2-D .npy exits 0" 0
res=$($PY -c "
import json; r = json.load(open('$WORK/out'))['fits']
c = [f['params']['p1_center']['value'] for f in r]
print('OK' if len(r) == 3 and abs(c[0] - 8.3) < 0.02 and abs(c[1] - 9.3) < 0.02 and abs(c[2] - 7.3) < 0.02 else c)" 2>&1)
[ "$res" = "OK" ] && pass "fit of every row of a 2-D .npy" || fail "fit of every row of a 2-D .npy" "$res"
run "$DAYBREAK" fit --data "$WORK/peak.csv" --model gausian --json
expect_one_line_error "fit with an unknown function: one line, exit 2"
run "$DAYBREAK" fit --data "$WORK/peak.csv" --expr "a*exp(-b*x" --json
expect_one_line_error "fit with a bad expression: one line, exit 2"
