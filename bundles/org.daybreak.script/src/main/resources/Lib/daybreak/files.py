"""HDF5 and NeXus files, read lazily, in the manner of h5py.

    f = daybreak.load("scan.nxs")
    f.tree()                          # prints the groups and datasets
    d = f["/entry/data/data"]         # a Dataset: nothing read yet
    d.shape, d.dtype, d.attrs         # (10, 195, 487) 'int32' {...}
    frame = d[0, :, 10:20]            # reads only that slab and returns an ndarray
    nx = f.default()                  # the NeXus default plot: nx.signal, nx.axes
    daybreak.save("out.h5", {"entry/data/data": frame, "x": daybreak.arange(10)})
    daybreak.data_folders()           # the facility's data folders (site defaults, docs/packaging.md)
"""

from daybreak._java import DataFiles, LazyDataset, SliceSpec, SliceItem, NDArray, PyValues, SiteDefaults, \
    call as _call
from daybreak.arrays import ndarray, array, asarray, _index_items

__all__ = ['load', 'save', 'data_folders', 'File', 'Group', 'Dataset', 'NXdata']


class Dataset(object):
    """A dataset whose elements stay in the file until indexed: d[...] reads everything, d[0, :, 10:20]
    reads only that slab (for chunked data: only the chunks it touches). Integers, slices with steps,
    negative indices and Ellipsis select as in NumPy; None and masks are applied after reading."""

    def __init__(self, lazy):
        self._d = lazy

    @property
    def java(self):
        """The org.daybreak.core.data.LazyDataset behind this dataset."""
        return self._d

    @property
    def name(self):
        return self._d.name()

    @property
    def shape(self):
        return tuple(self._d.shape())

    @property
    def dtype(self):
        from daybreak._java import ArrayMath
        return ArrayMath.numpyName(self._d.dtype())

    @property
    def ndim(self):
        return len(self._d.shape())

    @property
    def size(self):
        return int(self._d.size())

    @property
    def attrs(self):
        """The dataset's attributes as a dict (empty for data that does not come from a file)."""
        if hasattr(self._d, 'attributes'):
            return PyValues.toPython(self._d.attributes())
        return {}

    def __len__(self):
        if not self._d.shape():
            raise TypeError("len() of a scalar dataset")
        return self._d.shape()[0]

    def __iter__(self):
        for i in xrange(len(self)):
            yield self[i]

    def read(self):
        """Everything, as an ndarray."""
        return self[...]

    def __getitem__(self, key):
        if isinstance(key, (ndarray, list)):
            return self.read()[key]
        items = _index_items(key)
        basic = [i for i in items if i is not None]
        result = _call(self._d.read, SliceSpec.of(basic))
        if len(basic) != len(items):
            # new axes: insert them into what was read (positions counted on the read result)
            from daybreak._java import Indexing
            full = []
            for i in items:
                if i is None:
                    full.append(None)
                elif i.isIndex():
                    continue
                else:
                    full.append(SliceItem.ELLIPSIS if i.isEllipsis() else SliceItem.ALL)
            result = _call(Indexing.select, result, full)
        if result.rank() == 0:
            return PyValues.item(result)
        return ndarray(result)

    def __array__(self):
        return self.read()

    def __repr__(self):
        return '<Dataset "%s": shape %s, type %s>' % (self.name, self.shape, self.dtype)


class Group(object):
    """A group of an HDF5 file: g["name"] or g["/absolute/path"] gives a Group or Dataset, links followed."""

    def __init__(self, h5file, path, owner=None):
        self._f = h5file
        self._path = path
        self._owner = owner

    @property
    def name(self):
        return self._path

    @property
    def file(self):
        return self._owner if self._owner is not None else self

    @property
    def attrs(self):
        return PyValues.toPython(_call(self._f.attributes, self._path))

    def _abs(self, key):
        if key.startswith('/'):
            return key
        return (self._path.rstrip('/') + '/' + key) if self._path != '/' else '/' + key

    def __getitem__(self, key):
        if not isinstance(key, basestring):
            raise TypeError("index a group with a path (a string), not %s" % type(key).__name__)
        path = self._abs(key)
        node = _call(self._f.node, path)
        owner = self._owner if self._owner is not None else self
        if node.isDataset():
            return Dataset(_call(self._f.dataset, path))
        return Group(self._f, node.path(), owner)

    def __contains__(self, key):
        return bool(self._f.exists(self._abs(key)))

    def keys(self):
        return [n.name() for n in _call(self._f.children, self._path)]

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def tree_text(self, depth=-1):
        """The tree below this group as text (see tree())."""
        return _call(DataFiles.tree, self._f, self._path, depth)

    def tree(self, depth=-1):
        """Prints the tree below this group: groups end in '/' with their NX_class, datasets show type and
        shape, links show their target. depth limits the levels printed (-1: all)."""
        print self.tree_text(depth).rstrip('\n')

    def __repr__(self):
        return '<Group "%s" (%d members)>' % (self._path, len(self))


class File(Group):
    """An HDF5/NeXus file open for reading (use load()); close() it or use 'with'."""

    def __init__(self, h5file, path):
        Group.__init__(self, h5file, '/')
        self._filename = path

    @property
    def filename(self):
        return self._filename

    @property
    def java(self):
        """The org.daybreak.hdf5.H5File behind this file."""
        return self._f

    def default(self):
        """The default plottable data (NeXus rules: @default chain, else the first NXdata), or None."""
        nx = _call(DataFiles.defaultData, self._f)
        return None if nx is None else NXdata(self, nx)

    def close(self):
        self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return '<File "%s">' % self._filename


class NXdata(object):
    """A NeXus NXdata group: .signal (a Dataset), .axes (one Dataset or None per signal dimension),
    .path, and .units(name) / .long_name(name) of its members."""

    def __init__(self, f, java):
        self._file = f
        self.java = java
        self.path = java.groupPath()
        self.signal_path = java.signalPath()
        self.axis_paths = [None if p is None else str(p) for p in java.axisPaths()]

    @property
    def signal(self):
        return self._file[self.signal_path]

    @property
    def axes(self):
        return [None if p is None else self._file[p] for p in self.axis_paths]

    def units(self, path):
        return self.java.units(path)

    def long_name(self, path):
        return self.java.longName(path)

    def __repr__(self):
        return '<NXdata "%s": signal %s, axes %s>' % (self.path, self.signal_path, self.axis_paths)


def data_folders():
    """The folders where the facility keeps its data, as a list of strings: the site's
    org.daybreak.ui/files.dataFolders (site/plugin_customization.ini beside the launcher); in the workbench its
    Preferences (Daybreak > Data folders), where a user's own list wins. Empty when none is set."""
    return [str(p) for p in _call(SiteDefaults.current).dataFolders()]


def load(path):
    """Opens an HDF5/NeXus file for lazy reading; IOError naming the file when it is missing or not HDF5."""
    return File(_call(DataFiles.open, str(path)), str(path))


def _flatten(prefix, mapping, paths, arrays):
    for key in sorted(mapping.keys()):
        value = mapping[key]
        name = key.strip('/') if not prefix else prefix + '/' + key.strip('/')
        if isinstance(value, dict):
            _flatten(name, value, paths, arrays)
        else:
            paths.append(name)
            if isinstance(value, basestring):
                value = [value]
            arrays.append(asarray(value).java)


def save(path, data, attrs=None):
    """Writes arrays to a new HDF5 file (replacing it): data maps dataset paths ("counts",
    "entry/data/data") or nested dicts of them to arrays, lists or numbers. attrs maps object paths to
    dicts of attributes, e.g. {"entry": {"NX_class": "NXentry"}}."""
    if not isinstance(data, dict):
        raise TypeError("save needs a dict of name -> array, e.g. save('out.h5', {'counts': a})")
    paths, arrays = [], []
    _flatten('', data, paths, arrays)
    from java.util import LinkedHashMap
    jattrs = None
    if attrs:
        jattrs = LinkedHashMap()
        for obj, d in attrs.items():
            m = LinkedHashMap()
            for k, v in d.items():
                if isinstance(v, ndarray):
                    v = v.tolist()
                m.put(k, v)
            jattrs.put(obj, m)
    _call(DataFiles.save, str(path), paths, arrays, jattrs)
