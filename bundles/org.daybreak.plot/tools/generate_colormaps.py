#!/usr/bin/python3
"""Writes the 256-entry colour tables of org.daybreak.plot.color from matplotlib's lookup tables.

Run with Debian's /usr/bin/python3 (python3-matplotlib) from the bundle folder:
    /usr/bin/python3 tools/generate_colormaps.py
Each table holds the nearest 8-bit values of matplotlib's float lookup table, round(255 * cmap._lut[:256]).
(matplotlib's own cmap(x, bytes=True) truncates instead, so its bytes can be one lower; rounding keeps the gray
ramp exact: entry i is (i, i, i).)
Sources and licences:
  viridis, inferno, magma: Nathaniel J. Smith, Stefan van der Walt and Eric Firing, matplotlib _cm_listed.py,
      released CC0 1.0 (https://bids.github.io/colormap/).
  turbo: Anton Mikhailov, Google LLC, "Turbo, An Improved Rainbow Colormap for Visualization" (2019),
      256-entry table, Apache License 2.0, as included in matplotlib _cm_listed.py.
  gray: matplotlib's linear gray ramp (black to white), in the public domain by construction.
"""
import numpy as np
import matplotlib

SOURCES = {
    "gray": "matplotlib linear gray ramp (black to white)",
    "viridis": "matplotlib _cm_listed.py, N. J. Smith, S. van der Walt, E. Firing, CC0 1.0",
    "inferno": "matplotlib _cm_listed.py, N. J. Smith, S. van der Walt, E. Firing, CC0 1.0",
    "magma": "matplotlib _cm_listed.py, N. J. Smith, S. van der Walt, E. Firing, CC0 1.0",
    "turbo": "Google LLC (A. Mikhailov, 2019) 256-entry table, Apache-2.0, via matplotlib _cm_listed.py",
}
OUT = "src/main/resources/org/daybreak/plot/color/"
for name, source in SOURCES.items():
    lut = np.rint(matplotlib.colormaps[name](np.arange(256)) * 255).astype(int)
    with open(OUT + name + ".txt", "w") as f:
        f.write("# colour map '%s': 256 entries 'red green blue' (0-255), low to high\n" % name)
        f.write("# source: %s; generated with matplotlib %s\n" % (source, matplotlib.__version__))
        for r, g, b, _ in lut:
            f.write("%d %d %d\n" % (r, g, b))
