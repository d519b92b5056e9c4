"""Browse a NeXus file: print its tree, find the default plottable data (NXdata) and read one frame lazily.

Data: APS SAXS NXsas file (10 Pilatus frames, chunked + deflate), nexus-exampledata/APS/NXsas/hdf5/.
Run:  ./daybreak run examples/browse_nexus.py
"""

import daybreak
from _testdata import testdata

f = daybreak.load(testdata("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5"))
f.tree(depth=2)

nx = f.default()
print "default NXdata:", nx.path
signal = nx.signal
print "signal:", signal.name, "shape", signal.shape, "dtype", signal.dtype
print "signal attributes:", sorted(signal.attrs.keys())
for i, axis in enumerate(nx.axes):
    print "axis %d: %s shape %s" % (i, axis.name if axis is not None else None, axis.shape if axis else None)

frame = signal[3]                    # reads frame 3 only
print "frame 3: shape %s, sum %d, max %d, mean %.4f" % (frame.shape, frame.sum(), frame.max(), frame.mean())
roi = signal[3, 90:110, 200:260]     # a 20 x 60 slab, read on its own
print "roi: shape %s, mean %.4f, std %.4f" % (roi.shape, roi.mean(), roi.std())
profile = signal[:, 100, :].mean(axis=1)   # mean of row 100 in every frame
print "row-100 means per frame:", " ".join("%.2f" % v for v in profile.tolist())
f.close()
