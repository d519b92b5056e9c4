# For each HDF5 file given, saves every readable dataset (numbers, booleans, strings; at most 1 million
# elements) as NNNN.npy as h5py reads it, and prints one JSON line per dataset: [file, path, npy name, kind].
# Fixed-length strings are saved as NumPy bytes (|S, exactly as stored); variable-length strings become NumPy
# unicode arrays (decoded as UTF-8); complex numbers become a last axis (re, im).
# Run with HDF5_PLUGIN_PATH set to a controlled folder (TestSupport.pluginFolder): hdf5plugin is deliberately
# not imported, so that which filters h5py can decode does not depend on what the machine has installed.
import json
import sys

import h5py
import numpy as np

count = 0


def visit(fn, f):
    global count
    items = []
    f.visititems(lambda n, o: items.append((n, o)) if isinstance(o, h5py.Dataset) else None)
    for name, d in items:
        if d.shape is None or d.size > 1_000_000:
            continue
        dt = d.dtype
        try:
            if dt.kind in 'iufb':
                a = d[()]
                kind = 'number'
            elif dt.kind == 'c':
                a = d[()]
                a = np.stack([a.real, a.imag], axis=-1)
                kind = 'number'
            elif dt.kind == 'S':
                a = d[()]
                kind = 'bytes'
            elif h5py.check_string_dtype(dt) is not None:
                raw = d[()]
                conv = np.vectorize(lambda x: x.decode('utf-8', 'replace') if isinstance(x, bytes) else str(x),
                                    otypes=[object])
                a = np.array(conv(raw).tolist() if np.ndim(raw) else conv(raw)[()], dtype=str)
                kind = 'text'
            elif dt.subdtype is not None and dt.subdtype[0].kind in 'iuf':
                a = d[()]
                kind = 'number'
            else:
                continue
        except Exception as e:  # h5py cannot read it either (missing filter, ...)
            print(json.dumps([fn, '/' + name, None, 'h5py-error: ' + str(e)[:100]]))
            continue
        out = '%04d.npy' % count
        count += 1
        a = np.asarray(a)
        np.save(out, a.astype(np.dtype(a.dtype.str)) if a.dtype.kind != 'U' else a)
        print(json.dumps([fn, '/' + name, out, kind]))


for fn in sys.argv[1:]:
    with h5py.File(fn, 'r') as f:
        visit(fn, f)
