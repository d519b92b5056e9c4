# Prints, for an HDF5 file, the tree h5py sees in the shape `daybreak h5 tree --json` prints:
# {"file": ..., "objects": {PATH: ENTRY}}. Used by the tests as the independent expectation.
# usage: python3 h5py_tree.py FILE...
import json
import sys

import h5py
import numpy as np

# hdf5plugin is deliberately not imported: the filter pipeline is read from the file whether or not a filter is
# available, and the tests run h5py with a controlled plugin set (TestSupport.pluginFolder).

NAMES = {'gzip': 'deflate', 'shuffle': 'shuffle', 'fletcher32': 'fletcher32', 'lzf': 'lzf', 'szip': 'szip',
         'scaleoffset': 'scaleoffset', '32001': 'blosc', '32008': 'bitshuffle', '32004': 'lz4', '307': 'bzip2',
         '32015': 'zstd', '32000': 'lzf', '305': 'lzo', '32026': 'blosc2', '5': 'nbit'}


FILE = None


def jv(v):
    if isinstance(v, h5py.Reference):
        try:
            return FILE[v].name if v else None
        except Exception:
            return '<reference>'
    if isinstance(v, bytes):
        return v.decode('utf-8', 'replace')
    if isinstance(v, np.ndarray):
        return [jv(x) for x in v]
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        f = float(v)
        return None if f != f else f
    if isinstance(v, (complex, np.complexfloating)):
        return [float(v.real), float(v.imag)]
    if isinstance(v, np.void):
        return '<compound>'
    if isinstance(v, h5py.Empty):
        return None
    if isinstance(v, (list, tuple)):
        return [jv(x) for x in v]
    if isinstance(v, float):
        return None if v != v else v
    return v if isinstance(v, (str, int)) or v is None else str(v)


def attrs(o):
    out = {}
    for k in o.attrs:
        try:
            out[k] = jv(o.attrs[k])
        except Exception as e:  # unreadable attribute type
            out[k] = '<unreadable>'
    return out


def filters(d):
    try:
        fs = d._filters
    except Exception:
        return []
    # order of the pipeline as stored
    plist = d.id.get_create_plist()
    names = []
    for i in range(plist.get_nfilters()):
        fid = plist.get_filter(i)[0]
        names.append({1: 'deflate', 2: 'shuffle', 3: 'fletcher32', 4: 'szip', 5: 'nbit', 6: 'scaleoffset'}
                     .get(fid, NAMES.get(str(fid), 'filter-%d' % fid)))
    return names


def walk(f, g, path, objects, stack):
    for name in g:
        p = (path if path != '/' else '') + '/' + name
        link = g.get(name, getlink=True)
        if isinstance(link, h5py.SoftLink):
            objects[p] = {'kind': 'soft-link', 'target': link.path, 'resolves': resolves(g, name)}
            continue
        if isinstance(link, h5py.ExternalLink):
            objects[p] = {'kind': 'external-link', 'target': link.path, 'file': link.filename,
                          'resolves': resolves(g, name)}
            continue
        o = g[name]
        if isinstance(o, h5py.Group):
            objects[p] = {'kind': 'group', 'attrs': attrs(o)}
            addr = h5py.h5o.get_info(o.id).addr
            if addr not in stack:
                walk(f, o, p, objects, stack | {addr})
        elif isinstance(o, h5py.Dataset):
            dt = o.dtype
            objects[p] = {'kind': 'dataset', 'shape': None if o.shape is None else list(o.shape),
                          'dtype': dt.str, 'chunks': None if o.chunks is None else list(o.chunks),
                          'filters': filters(o), 'attrs': attrs(o)}
        else:
            objects[p] = {'kind': 'datatype', 'attrs': attrs(o)}


def resolves(g, name):
    try:
        return g.get(name) is not None
    except Exception:
        return False


def main():
    # one JSON document per line, one line per file given
    for fn in sys.argv[1:]:
        try:
            with h5py.File(fn, 'r') as f:
                global FILE
                FILE = f
                objects = {'/': {'kind': 'group', 'attrs': attrs(f)}}
                walk(f, f, '/', objects, {h5py.h5o.get_info(f.id).addr})
            print(json.dumps({'file': fn, 'objects': objects}))
        except Exception as e:
            print(json.dumps({'file': fn, 'error': str(e)}))


main()
