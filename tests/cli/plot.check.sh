# plot: headless rendering through the product's command line (sourced by run-cli-tests.sh)
F="$TESTDATA/nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5"
P=$($PY -c "
import h5py
f = h5py.File('$F', 'r'); found = []
f.visititems(lambda n, o: found.append(n) if isinstance(o, h5py.Dataset) and o.ndim >= 2 and o.size > 10000 else None)
print('/' + found[0])")
run "$DAYBREAK" plot "$F" "$P" --colormap viridis --log --out "$WORK/frame.png"
expect_code "plot of a detector frame exits 0" 0
res=$($PY -c "
import zlib, struct
d = open('$WORK/frame.png', 'rb').read()
print('OK' if d[:8] == b'\x89PNG\r\n\x1a\n' and struct.unpack('>II', d[16:24])[0] > 100 else 'not a PNG')" 2>&1)
[ "$res" = "OK" ] && pass "plot writes a PNG image of a real detector frame" || fail "plot writes a PNG" "$res"
run "$DAYBREAK" plot "$F" "$P" --colormap nosuchmap --out "$WORK/x.png"
expect_one_line_error "plot with an unknown colour map: one line, exit 2"
