"""Fit an X-ray fluorescence peak: the Co K-alpha line in an I18 Xspress3 spectrum, with a Gaussian on a
linear background.

Data: savu/i18_test_data.nxs, /entry1/xspress3/AllElementSum (2 x 2 map x 4096 channels, ~10 eV/channel).
Run:  ./daybreak run examples/fit_peak.py [OUTPUT_DIR]
"""

import os
import daybreak
from _testdata import testdata, output_dir

f = daybreak.load(testdata("savu/i18_test_data.nxs"))
spectra = f["/entry1/xspress3/AllElementSum"]
print "spectra:", spectra.shape, spectra.dtype
total = spectra[...].sum(axis=(0, 1))          # sum over the 2 x 2 map
channel = daybreak.arange(total.shape[0])
lo, hi = 656, 730                               # the Co K-alpha window
x, y = channel[lo:hi], total[lo:hi]
print "window: channels %d..%d, %d points, peak %.1f counts at channel %d" % (lo, hi - 1, len(y), y.max(),
                                                                              x[y.argmax()])

r = daybreak.fit(x, y, "gaussian+linear")
print r.report()
c = r.params["p1_center"]
s = r.params["p1_sigma"]
print "centre = %.3f +/- %.3f channels" % (c.value, c.stderr)
print "sigma = %.3f +/- %.3f channels" % (s.value, s.stderr)
print "fwhm = %.3f channels" % r.derived["p1_fwhm"]
print "reduced chi-square = %.3f, success = %s" % (r.redchi, r.success)

daybreak.plot.line(x, y, name="AllElementSum", marker="o", line=False, xlabel="channel", ylabel="counts")
daybreak.plot.line(x, r.best_fit, name="gaussian + linear", color="red")
png = os.path.join(output_dir(), "co_kalpha_fit.png")
daybreak.plot.save(png)
print "saved %s" % png
