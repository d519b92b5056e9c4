"""A parameter sweep on remote workers: reconstruct one slice of the tooth scan at eleven trial centres of
rotation, one tomo.recon job per centre, all submitted at once with daybreak.jobs.map (as RQ or Dask users farm
out simulations), and pick the centre whose slice has the least negative attenuation (a wrong centre smears
every edge into dark arcs). The answer is compared with daybreak.tomo.find_centre.

Where the jobs run: remote=True, that is the broker in $DAYBREAK_BROKER, else the one the workbench (or
'daybreak broker') runs on this machine; start workers with 'daybreak worker'. This script starts nothing: with
no broker, or no live worker, it says so and runs the same sweep on this machine.

Data: tomopy/tooth.h5 (Data Exchange: 181 projections of 2 rows x 640 columns, 10 flats, 10 darks).
Run:  ./daybreak run examples/remote_sweep.py [OUTPUT_DIR]
"""

import os
import daybreak
from _testdata import testdata, output_dir

path = testdata("tomopy/tooth.h5")
out = output_dir()

try:
    alive = [w for w in daybreak.jobs.workers(remote=True) if w["state"] == "alive"]
    reason = "the broker has no live worker"
except IOError, e:
    alive, reason = [], str(e)
if alive:
    remote = True
    print "remote workers: %s" % ", ".join("%s (%d threads)" % (w["name"], w["threads"]) for w in alive)
else:
    remote = None
    print "no remote workers (%s); running the sweep on this machine" % reason

centres = range(290, 301)                        # raw detector columns
params = [{"center": c, "slices": "0:1", "out": os.path.join(out, "tooth_centre_%d.h5" % c)} for c in centres]
results = daybreak.jobs.map("tomo.recon", params, inputs={"scan": path}, remote=remote)
print "%d jobs done, results in the order of the centres: %s" % (len(results),
                                                                 [int(r["center_detector"]) for r in results])

negative = []
for c, r in zip(centres, results):
    with daybreak.load(r["out"]) as f:
        rec = f["/entry/reconstruction/data"][0]  # [slice][y][x]: the one slice
    inner = rec[100:540, 100:540]                # inside the field of view, away from the corners
    negative.append(-(inner * (inner < 0)).sum())
    print "centre %d: negative attenuation %.3f" % (c, negative[-1])

best = centres[negative.index(min(negative))]
print "sharpest slice at centre %d" % best

f = daybreak.load(path)
theta = f["/exchange/theta"][...]
projections = f["/exchange/data"][:, 0, :]
flat = f["/exchange/data_white"][:, 0, :].mean(axis=0)
dark = f["/exchange/data_dark"][:, 0, :].mean(axis=0)
sinogram = -daybreak.log(daybreak.clip((projections - dark) / (flat - dark), 1e-6, None))
print "find_centre: %.2f" % daybreak.tomo.find_centre(sinogram, theta)
