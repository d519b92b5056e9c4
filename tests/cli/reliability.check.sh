# reliability: exact bytes through the command line, and damaged files refused with one line (sourced by
# run-cli-tests.sh; docs/reliability.md)
F="$TESTDATA/bitshuffle/regression_0.4.0.h5"
run "$DAYBREAK" h5 get "$F" /compressed/a1_a --out "$WORK/a1_a.npy"
expect_code "h5 get of a bitshuffle |S1 dataset exits 0" 0
res=$($PY -c "
import numpy, h5py
a = numpy.load('$WORK/a1_a.npy'); b = h5py.File('$F', 'r')['/original/a1_a'][()]
print('OK' if a.dtype.str == '|S1' and a.tobytes() == b.tobytes() and max(a.tobytes()) >= 0x80 else 'differs: %s %r' % (a.dtype.str, a[:8]))
" 2>&1)
[ "$res" = "OK" ] && pass "h5 get keeps the bytes of |S1 strings (bytes >= 0x80 as stored)" || fail "h5 get keeps |S bytes" "$res"
G="$TESTDATA/jhdf/test_file.hdf5"
head -c 1000 "$G" > "$WORK/truncated.h5"
printf 'not an HDF5 file at all' > "$WORK/garbage.h5"
$PY -c "
b = bytearray(open('$G', 'rb').read()); b[300:340] = b'\xff' * 40; open('$WORK/damaged.h5', 'wb').write(b)"
for f in truncated garbage damaged; do
  run "$DAYBREAK" h5 tree "$WORK/$f.h5"
  if [ "$code" -eq 0 ]; then pass "h5 tree of a $f file (read what is readable)"; else expect_one_line_error "h5 tree of a $f file: one line, exit 2"; fi
done
