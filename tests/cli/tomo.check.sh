# tomo: raw-array reconstruction against scikit-image (sourced by run-cli-tests.sh)
$PY - "$WORK" <<'PY'
import numpy, sys
from skimage.data import shepp_logan_phantom
from skimage.transform import radon, resize
w = sys.argv[1]
img = resize(shepp_logan_phantom(), (128, 128), anti_aliasing=False)
theta = numpy.linspace(0., 180., 180, endpoint=False)
s = radon(img, theta=theta).T          # [angle][detector]
numpy.save(w + "/sino.npy", s.astype(numpy.float32)); numpy.save(w + "/angles.npy", theta); numpy.save(w + "/img.npy", img)
PY
run "$DAYBREAK" tomo recon --sinogram "$WORK/sino.npy" --angles "$WORK/angles.npy" --filter ramp --out "$WORK/rec.npy"
expect_code "tomo recon --sinogram exits 0" 0
res=$($PY -c "
import numpy
from skimage.transform import iradon
r = numpy.load('$WORK/rec.npy'); s = numpy.load('$WORK/sino.npy'); t = numpy.load('$WORK/angles.npy'); img = numpy.load('$WORK/img.npy')
ref = iradon(s.T.astype(float), theta=t, filter_name='ramp')
m = numpy.hypot(*numpy.mgrid[-64:64, -64:64] + 0.5) < 60
e_ref = numpy.sqrt(((r - ref)[m] ** 2).mean()) / ref[m].std(); e_img = numpy.sqrt(((r - img)[m] ** 2).mean())
print('OK' if r.shape == (128, 128) and e_ref < 0.1 and e_img < 0.1 else 'shape %s, rms vs iradon %.3f, vs phantom %.3f' % (r.shape, e_ref, e_img))" 2>&1)
[ "$res" = "OK" ] && pass "tomo recon matches skimage iradon and the phantom (orientation, scale)" || fail "tomo recon matches skimage iradon" "$res"
run "$DAYBREAK" tomo center --sinogram "$WORK/sino.npy" --angles "$WORK/angles.npy"
expect_code "tomo center exits 0" 0
res=$(echo "$out" | tail -1 | $PY -c "import sys; v = float(sys.stdin.read().split()[-1]); print('OK' if abs(v - 64) < 1 else v)" 2>&1)
[ "$res" = "OK" ] && pass "tomo center finds the centre of a centred sinogram" || fail "tomo center" "$res"
run "$DAYBREAK" tomo recon --sinogram "$WORK/sino.npy" --angles "$WORK/x-missing.npy" --out "$WORK/r.npy"
expect_one_line_error "tomo recon with a missing angles file: one line, exit 2"
run "$DAYBREAK" tomo recon --sinogram "$WORK/sino.npy" --angles "$WORK/angles.npy" --center 5000 --out "$WORK/r.npy"
expect_one_line_error "tomo recon with the centre outside the detector: one line, exit 2"
