"""Daybreak's scripting API: arrays, HDF5/NeXus files, plots, fits and jobs, in the manner of numpy and h5py.

    import daybreak
    f = daybreak.load("scan.nxs")          # an HDF5/NeXus file, read lazily
    f.tree()                               # prints its groups and datasets
    d = f["/entry/data/data"]              # a lazy dataset: d.shape, d.dtype, d.attrs
    frame = d[0, :, 10:20]                 # reads only that slab, as an array
    print frame.mean(), frame.max(axis=0)
    daybreak.plot.image(frame)
    daybreak.plot.save("frame.png")        # headless; in the workbench the plot view shows it

Arrays behave like NumPy's (see daybreak.arrays); the work runs in Java.
"""

from daybreak.arrays import *
from daybreak.arrays import ndarray
from daybreak.workbench import selected, has_workbench, NoWorkbenchError
from daybreak.files import load, save, data_folders
from daybreak import plot
from daybreak.fitting import fit
from daybreak.jobs import Job, JobFailed, JobCancelled
from daybreak import jobs, tomo, corr
from daybreak import _java

__version__ = '0.1.0'
