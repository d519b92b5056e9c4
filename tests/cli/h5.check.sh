# h5: the product's command line against h5py on real files (sourced by run-cli-tests.sh)
F="$TESTDATA/nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5"
run "$DAYBREAK" h5 tree "$F" --json
expect_code "h5 tree --json exits 0" 0
cat > "$WORK/cmp_tree.py" <<'PY'
import json, sys, h5py
tree = json.load(open(sys.argv[1]))["objects"]
bad = []
with h5py.File(sys.argv[2], "r") as f:
    def visit(name, obj):
        p = "/" + name
        e = tree.get(p)
        if e is None:
            bad.append("missing " + p); return
        if isinstance(obj, h5py.Dataset):
            if e.get("kind") != "dataset": bad.append(p + " kind " + str(e.get("kind")))
            if list(obj.shape) != e.get("shape"): bad.append(p + " shape %s vs %s" % (obj.shape, e.get("shape")))
            if obj.dtype.kind in "iufb" and obj.dtype.str != e.get("dtype"): bad.append(p + " dtype %s vs %s" % (obj.dtype.str, e.get("dtype")))
        elif e.get("kind") != "group":
            bad.append(p + " kind " + str(e.get("kind")))
    f.visititems(visit)
print("OK" if not bad else "; ".join(bad[:5]))
PY
res=$($PY "$WORK/cmp_tree.py" "$WORK/out" "$F" 2>&1)
[ "$res" = "OK" ] && pass "h5 tree --json matches h5py (paths, kinds, shapes, dtypes)" || fail "h5 tree --json matches h5py" "$res"
run "$DAYBREAK" h5 get "$F" /entry/data/frames --slice "1,::2,-100:" --out "$WORK/slab.npy"
expect_code "h5 get --slice exits 0" 0
res=$($PY -c "
import numpy, h5py, sys
a = numpy.load('$WORK/slab.npy'); b = h5py.File('$F','r')['/entry/data/frames'][1, ::2, -100:]
print('OK' if a.shape == b.shape and a.dtype == b.dtype and (a == b).all() else 'differs: %s %s vs %s %s' % (a.shape, a.dtype, b.shape, b.dtype))" 2>&1)
[ "$res" = "OK" ] && pass "h5 get --slice equals h5py's slice of a deflate-chunked stack" || fail "h5 get --slice equals h5py" "$res"
run "$DAYBREAK" h5 nexus "$F"
expect_code "h5 nexus exits 0" 0
grep -q "/entry/data/frames" "$WORK/out" && pass "h5 nexus names the default signal" || fail "h5 nexus names the default signal" "$out"
printf 'not an hdf5 file' > "$WORK/bad.h5"
run "$DAYBREAK" h5 tree "$WORK/bad.h5"
expect_one_line_error "h5 tree on a non-HDF5 file: one line, exit 2"
run "$DAYBREAK" h5 tree "$WORK/missing.h5"
expect_one_line_error "h5 tree on a missing file: one line, exit 2"
run "$DAYBREAK" h5 get "$F" /no/such/path --out "$WORK/x.npy"
expect_one_line_error "h5 get of a missing path: one line, exit 2"
run "$DAYBREAK" h5 get "$F" /entry/data/frames --slice "99,:,:" --out "$WORK/x.npy"
expect_one_line_error "h5 get with an out-of-range slice: one line, exit 2"
# deflate chunks: libdeflate (jlibdeflate) where its native library loads, else the JDK's Inflater, same bytes
S="$TESTDATA/nexus-exampledata/SLS/Sample_Stack_2021-03-16_128.hdf5"
run "$DAYBREAK" h5 get "$S" /entry1/counter0/data --out "$WORK/fast.npy"
expect_code "h5 get of shuffle+deflate chunks (libdeflate) exits 0" 0
run env DAYBREAK_JAVA_OPTS="-Djlibdeflate.library.path=$WORK/no-such-dir" "$DAYBREAK" h5 get "$S" /entry1/counter0/data --out "$WORK/plain.npy"
if [ "$code" -eq 0 ] && [ ! -s "$WORK/err" ] && cmp -s "$WORK/fast.npy" "$WORK/plain.npy"; then
  pass "h5 get falls back to the JDK's Inflater when libdeflate cannot load: same .npy, nothing on stderr"
else fail "h5 get falls back to the JDK's Inflater when libdeflate cannot load" "exit $code; stderr: $(head -c 300 "$WORK/err")"; fi
