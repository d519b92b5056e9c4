"""Plot a detector frame: a Pilatus 100K image of the silver behenate calibrant, to PNG, with its statistics
and a radial-looking column profile.

Data: nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5 (195 x 487, int32).
Run:  ./daybreak run examples/plot_frame.py [OUTPUT_DIR]
"""

import os
import daybreak
from _testdata import testdata, output_dir

f = daybreak.load(testdata("nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5"))
image = f["/entry/data/data"][...]
print "image: shape %s, dtype %s" % (image.shape, image.dtype)
print "min %d, max %d, mean %.4f, std %.4f" % (image.min(), image.max(), image.mean(), image.std())
hot = image > 1000
print "pixels above 1000 counts: %d" % hot.sum()
print "brightest pixel at row %d, column %d" % divmod(image.argmax(), image.shape[1])

out = output_dir()
daybreak.plot.image(image, colormap="inferno", scaling="log", title="AgBehenate_228", xlabel="x / pixel",
                    ylabel="y / pixel")
png = os.path.join(out, "agbehenate_frame.png")
daybreak.plot.save(png, 900, 450)
print "saved %s (%d bytes)" % (png, os.path.getsize(png))

columns = image.sum(axis=0)          # counts per column
daybreak.plot.line(daybreak.arange(image.shape[1]), columns, name="column sums", hold=False,
                   xlabel="x / pixel", ylabel="counts", logy=True)
png2 = os.path.join(out, "agbehenate_columns.png")
daybreak.plot.save(png2)
print "column sums: first %d, last %d, largest %d at column %d" % (columns[0], columns[-1], columns.max(),
                                                                    columns.argmax())
print "saved %s" % png2
