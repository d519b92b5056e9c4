"""Reconstruct a tomography slice: the APS tooth scan (TomoPy's demo data), flat- and dark-field corrected,
centre of rotation found automatically, filtered back-projection; then the same slice through the
tomo.recon job, as the workbench would run it.

Data: tomopy/tooth.h5 (Data Exchange: 181 projections of 2 rows x 640 columns, 10 flats, 10 darks, theta in
degrees).
Run:  ./daybreak run examples/reconstruct_slice.py [OUTPUT_DIR]
"""

import os
import daybreak
from _testdata import testdata, output_dir

path = testdata("tomopy/tooth.h5")
f = daybreak.load(path)
theta = f["/exchange/theta"][...]
projections = f["/exchange/data"][:, 0, :]              # detector row 0 of every projection
flat = f["/exchange/data_white"][:, 0, :].mean(axis=0)
dark = f["/exchange/data_dark"][:, 0, :].mean(axis=0)
print "projections %s, theta %.2f..%.2f deg" % (projections.shape, theta[0], theta[-1])

transmission = (projections - dark) / (flat - dark)
sinogram = -daybreak.log(daybreak.clip(transmission, 1e-6, None))
print "sinogram: shape %s, attenuation %.4f..%.4f" % (sinogram.shape, sinogram.min(), sinogram.max())

centre = daybreak.tomo.find_centre(sinogram, theta)
print "centre of rotation: %.2f (detector bins)" % centre
rec = daybreak.tomo.fbp(sinogram, theta, centre=centre)
print "slice: shape %s, dtype %s, min %.5f, max %.5f, mean %.6f" % (rec.shape, rec.dtype, rec.min(), rec.max(),
                                                                   rec.mean())

out = output_dir()
daybreak.plot.image(rec, colormap="gray", title="tooth, row 0", autocontrast=(1, 99))
png = os.path.join(out, "tooth_slice.png")
daybreak.plot.save(png, 640, 640)
print "saved %s" % png

job = daybreak.tomo.recon(path, out=os.path.join(out, "tooth_rec.h5"), slices="0:1")
result = job.wait()
print "job %s: %s, centre %.2f, %d slice(s) written to %s" % (job.kind, job.state, result["centre"],
                                                             result["slices_completed"], result["out"])
