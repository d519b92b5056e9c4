"""N-dimensional arrays for Daybreak scripts, in the manner of NumPy.

An ndarray wraps an org.daybreak.core.data.NDArray (its .java attribute). Element-wise arithmetic,
comparisons, reductions and indexing run in Java (org.daybreak.script.array), never element by element in
Python. Semantics follow NumPy: C order, broadcasting, views for basic slicing, NumPy 2 type promotion
(Python scalars are "weak"), '/' is always true division (as NumPy under Python 3).
"""

from jarray import array as _jarray

from daybreak._java import (NDArray, DType, SliceItem, ArrayMath, Binary, Compare, Unary, Reductions, Reduce,
                            Indexing, ArrayBuild, PyValues, call as _call)

__all__ = ['ndarray', 'array', 'asarray', 'zeros', 'ones', 'full', 'empty', 'zeros_like', 'ones_like',
           'arange', 'linspace', 'where', 'maximum', 'minimum', 'clip', 'sqrt', 'exp', 'log', 'log10', 'log2',
           'abs', 'absolute', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'arctan2', 'hypot', 'sinh',
           'cosh', 'tanh', 'floor', 'ceil', 'rint', 'isnan', 'isfinite', 'isinf', 'deg2rad', 'rad2deg',
           'sum', 'mean', 'std', 'var', 'prod', 'amin', 'amax', 'argmin', 'argmax', 'newaxis', 'pi', 'e',
           'nan', 'inf', 'bool_', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64',
           'float16', 'float32', 'float64', 'concatenate', 'stack']

newaxis = None
pi = 3.141592653589793
e = 2.718281828459045
nan = float('nan')
inf = float('inf')

# type names, usable wherever a dtype is asked for (a.astype(daybreak.float32))
bool_, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64 = (
    'bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32',
    'float64')


def _dtype(d):
    """A DType from a name ('float32', '<f4'), a Python type (float, int, bool, str) or a DType."""
    if d is None:
        return None
    if isinstance(d, DType):
        return d
    if d is float:
        return DType.FLOAT64
    if d is int or d is long:
        return DType.INT64
    if d is bool:
        return DType.BOOL
    if d is str or d is unicode:
        return DType.STRING
    return _call(DType.fromNumpy, str(d))


def _ints(values):
    return _jarray([int(v) for v in values], 'i')


def _shape_arg(shape):
    if isinstance(shape, (int, long)):
        return _ints([shape])
    return _ints(shape)


def _as_java(obj):
    """An NDArray for an ndarray, an NDArray, a nested list/tuple or a scalar (which gives a rank-0 array)."""
    if isinstance(obj, ndarray):
        return obj._a
    if isinstance(obj, NDArray):
        return obj
    if isinstance(obj, bool):
        return ArrayBuild.fromNested(obj, DType.BOOL)
    if isinstance(obj, (int, long, float)):
        return ArrayBuild.fromNested(obj, None)
    if isinstance(obj, (list, tuple)):
        return _build(obj, None)
    raise TypeError("cannot make an array of %s" % type(obj).__name__)


def _build(obj, dtype):
    nested = _replace_arrays(obj)
    return _call(ArrayBuild.fromNested, nested, dtype)


def _replace_arrays(obj):
    if isinstance(obj, ndarray):
        return obj._a
    if isinstance(obj, (list, tuple)):
        return [_replace_arrays(o) for o in obj] if _has_array(obj) else obj
    return obj


def _has_array(seq):
    for o in seq:
        if isinstance(o, ndarray):
            return True
        if isinstance(o, (list, tuple)) and o and isinstance(o[0], (list, tuple, ndarray)) and _has_array(o):
            return True
    return False


def _operand(a, other):
    """The Java operand for `a op other`: arrays as they are, Python scalars weak (NumPy 2, NEP 50)."""
    if isinstance(other, ndarray):
        return other._a
    if isinstance(other, bool):
        return ArrayBuild.fromNested(other, DType.BOOL)
    if isinstance(other, (int, long)):
        if -9223372036854775808 <= other <= 9223372036854775807:
            return _call(ArrayMath.weakInteger, a, other)
        if a.dtype().isFloat():
            return ArrayMath.weakScalar(a, float(other), True)
        raise OverflowError("Python integer %d is out of bounds for %s" % (other, ArrayMath.numpyName(a.dtype())))
    if isinstance(other, float):
        return _call(ArrayMath.weakScalar, a, other, True)
    if isinstance(other, NDArray):
        return other
    if isinstance(other, (list, tuple)):
        return _build(other, None)
    return None


def _wrap(java_array):
    return ndarray(java_array)


def _scalar_or_array(java_array):
    """Rank 0 -> Python scalar, otherwise an ndarray (what indexing and reductions return)."""
    if java_array.rank() == 0:
        return PyValues.item(java_array)
    return ndarray(java_array)


def _binary(op, a, b, reflected=False):
    other = _operand(a._a, b)
    if other is None:
        return NotImplemented
    x, y = (other, a._a) if reflected else (a._a, other)
    return ndarray(_call(ArrayMath.binary, op, x, y))


def _compare(op, a, b):
    if isinstance(b, basestring):
        other = ArrayBuild.fromNested(b, DType.STRING)
    else:
        other = _operand(a._a, b)
        if other is None:
            return NotImplemented
    return ndarray(_call(ArrayMath.compare, op, a._a, other))


def _index_items(key):
    if not isinstance(key, tuple):
        key = (key,)
    items = []
    for k in key:
        if isinstance(k, bool):
            raise IndexError("a single boolean is not a valid index; use a boolean array")
        if isinstance(k, (int, long)):
            items.append(SliceItem.index(int(k)))
        elif isinstance(k, slice):
            if k.step == 0:
                raise ValueError("slice step cannot be zero")
            items.append(SliceItem.range(_opt_int(k.start), _opt_int(k.stop), _opt_int(k.step)))
        elif k is Ellipsis:
            items.append(SliceItem.ELLIPSIS)
        elif k is None:
            items.append(None)
        else:
            raise IndexError("only integers, slices (':'), ellipsis ('...'), None and boolean or integer arrays "
                             "are valid indices, not %s" % type(k).__name__)
    return items


def _opt_int(v):
    if v is None:
        return None
    if not isinstance(v, (int, long)):
        raise TypeError("slice indices must be integers or None, not %s" % type(v).__name__)
    # NumPy clips huge bounds to the axis; so does SliceSpec once they fit an int
    return int(max(min(v, 2147483647), -2147483648))


def _array_key(key):
    """An ndarray for a mask or index-list key, else None."""
    if isinstance(key, ndarray):
        return key
    if isinstance(key, list):
        return array(key)
    return None


def _fancy_key(a, key):
    """For a tuple key holding one integer list/array or one 1-D boolean mask among integers, slices, '...' and
    None (a[:, [2, 0]], a[0, :, [1, 2]], a[:, mask]): (basic key with that item replaced by ':', the item's
    indices as longs, the position of the indexed axis in the result of the basic key, the position NumPy gives
    that axis in the final result). None when the key has no such item."""
    if not isinstance(key, tuple):
        return None
    where = [i for i, k in enumerate(key) if isinstance(k, (list, ndarray))]
    if not where:
        return None
    if len(where) > 1:
        raise IndexError("indexing with more than one index list or mask at a time is not supported; "
                         "index one axis after the other")
    w = where[0]
    idx = _array_key(key[w])
    if idx.ndim != 1:
        raise IndexError("an index list or mask inside a tuple key must be one-dimensional, not of shape %s"
                         % (idx.shape,))
    consumed = len([k for k in key if k is not None and k is not Ellipsis])
    if consumed > a._a.rank():
        raise IndexError("too many indices for an array of dimension %d" % a._a.rank())
    axis = 0       # the input axis the list indexes
    produced = 0   # result axes before it
    for k in key[:w]:
        if k is Ellipsis:
            axis += a._a.rank() - consumed
            produced += a._a.rank() - consumed
        elif k is None:
            produced += 1
        elif isinstance(k, slice):
            axis += 1
            produced += 1
        else:
            axis += 1
    if idx._a.dtype() == DType.BOOL:
        if idx.size != a._a.shape()[axis]:
            raise IndexError("boolean index of length %d does not match axis %d of length %d"
                             % (idx.size, axis, a._a.shape()[axis]))
        longs = [i for i, b in enumerate(idx.tolist()) if b]
    elif idx._a.dtype().isInteger() or idx.size == 0:
        longs = [long(i) for i in idx.tolist()]
    else:
        raise IndexError("arrays used as indices must be of integer or boolean type, not %s" % idx.dtype)
    # NumPy: integers in the key are advanced indices too; when they and the list are not side by side, the
    # indexed axis goes first
    advanced = [i for i, k in enumerate(key) if i == w or (isinstance(k, (int, long)) and not isinstance(k, bool))]
    contiguous = advanced[-1] - advanced[0] + 1 == len(advanced)
    basic = key[:w] + (slice(None),) + key[w + 1:]
    return basic, longs, produced, produced if contiguous else 0


class ndarray(object):
    """An N-dimensional array of one element type (see the module's documentation)."""

    __slots__ = ('_a',)
    __hash__ = None

    def __init__(self, java_array):
        if not isinstance(java_array, NDArray):
            raise TypeError("ndarray wraps an org.daybreak.core.data.NDArray; use daybreak.array(...) to make one")
        self._a = java_array

    # ------------------------------------------------------------------ properties

    @property
    def java(self):
        """The org.daybreak.core.data.NDArray behind this array (shared, not copied)."""
        return self._a

    @property
    def shape(self):
        return tuple(self._a.shape())

    @property
    def dtype(self):
        """NumPy's name of the element type: 'float32', 'uint16', 'bool', ..."""
        return ArrayMath.numpyName(self._a.dtype())

    @property
    def ndim(self):
        return self._a.rank()

    @property
    def size(self):
        return self._a.size()

    @property
    def itemsize(self):
        return self._a.dtype().itemSize()

    @property
    def nbytes(self):
        return self._a.size() * self._a.dtype().itemSize()

    @property
    def T(self):
        return ndarray(self._a.transpose())

    # ------------------------------------------------------------------ Python protocols

    def __len__(self):
        if self._a.rank() == 0:
            raise TypeError("len() of unsized object")
        return self._a.shape(0)

    def __iter__(self):
        if self._a.rank() == 0:
            raise TypeError("iteration over a 0-d array")
        for i in xrange(self._a.shape(0)):
            yield _scalar_or_array(self._a.get(i))

    def __getitem__(self, key):
        k = _array_key(key)
        if k is not None:
            if k._a.dtype() == DType.BOOL:
                return ndarray(_call(Indexing.mask, self._a, k._a))
            return ndarray(_call(Indexing.take, self._a, PyValues.longs(k._a), 0))
        fancy = _fancy_key(self, key)
        if fancy is not None:
            basic, longs, at, final = fancy
            view = _call(Indexing.select, self._a, _index_items(basic))
            out = _call(Indexing.take, view, _jarray(longs, 'l'), at)
            if final != at:
                order = [at] + [d for d in range(out.rank()) if d != at]
                out = out.transpose(_jarray(order, 'i'))
            return ndarray(out)
        return _scalar_or_array(_call(Indexing.select, self._a, _index_items(key)))

    def __setitem__(self, key, value):
        v = value._a if isinstance(value, ndarray) else _as_java(value) if not isinstance(value, (str, unicode)) \
            else ArrayBuild.fromNested(value, DType.STRING)
        k = _array_key(key)
        if k is not None:
            if k._a.dtype() != DType.BOOL:
                key = (key,)  # a[[1, 3]] = v: one index list on the first axis
            else:
                _call(Indexing.assignMask, self._a, k._a, v)
                return
        fancy = _fancy_key(self, key)
        if fancy is not None:
            basic, longs, at, final = fancy
            w = [i for i, item in enumerate(key) if isinstance(item, (list, ndarray))][0]
            rank = len(self[basic].shape)   # the result's rank
            vv = ndarray(v)
            for n, j in enumerate(longs):
                target = _call(Indexing.select, self._a, _index_items(key[:w] + (int(j),) + key[w + 1:]))
                part = v
                if vv.ndim == rank and vv.shape[final] in (len(longs), 1):
                    part = vv[(slice(None),) * final + (n if vv.shape[final] > 1 else 0,)]._a \
                        if rank > 1 else vv._a.reshape(_jarray([vv.size], 'i')).get(n if vv.size > 1 else 0)
                _call(Indexing.assign, target, part)
            return
        items = [i for i in _index_items(key) if i is not None]
        _call(Indexing.assign, _call(Indexing.select, self._a, items), v)

    def __contains__(self, value):
        return bool((self == value).any())

    def __nonzero__(self):
        if self._a.size() != 1:
            raise ValueError("the truth value of an array with more than one element is ambiguous; "
                             "use a.any() or a.all()")
        return bool(PyValues.item(self._a))

    def __float__(self):
        return float(_call(PyValues.item, self._a))

    def __int__(self):
        return int(_call(PyValues.item, self._a))

    def __long__(self):
        return long(_call(PyValues.item, self._a))

    def __index__(self):
        if not self._a.dtype().isInteger():
            raise TypeError("only integer arrays of one element can be used as an index")
        return int(_call(PyValues.item, self._a))

    def __repr__(self):
        return PyValues.repr(self._a)

    def __str__(self):
        return PyValues.str(self._a)

    # ------------------------------------------------------------------ arithmetic

    def __add__(self, o): return _binary(Binary.ADD, self, o)
    def __radd__(self, o): return _binary(Binary.ADD, self, o, True)
    def __sub__(self, o): return _binary(Binary.SUBTRACT, self, o)
    def __rsub__(self, o): return _binary(Binary.SUBTRACT, self, o, True)
    def __mul__(self, o): return _binary(Binary.MULTIPLY, self, o)
    def __rmul__(self, o): return _binary(Binary.MULTIPLY, self, o, True)
    def __div__(self, o): return _binary(Binary.DIVIDE, self, o)
    def __rdiv__(self, o): return _binary(Binary.DIVIDE, self, o, True)
    __truediv__ = __div__
    __rtruediv__ = __rdiv__
    def __floordiv__(self, o): return _binary(Binary.FLOOR_DIVIDE, self, o)
    def __rfloordiv__(self, o): return _binary(Binary.FLOOR_DIVIDE, self, o, True)
    def __mod__(self, o): return _binary(Binary.REMAINDER, self, o)
    def __rmod__(self, o): return _binary(Binary.REMAINDER, self, o, True)
    def __pow__(self, o): return _binary(Binary.POWER, self, o)
    def __rpow__(self, o): return _binary(Binary.POWER, self, o, True)
    def __and__(self, o): return _binary(Binary.BITWISE_AND, self, o)
    def __rand__(self, o): return _binary(Binary.BITWISE_AND, self, o, True)
    def __or__(self, o): return _binary(Binary.BITWISE_OR, self, o)
    def __ror__(self, o): return _binary(Binary.BITWISE_OR, self, o, True)
    def __xor__(self, o): return _binary(Binary.BITWISE_XOR, self, o)
    def __rxor__(self, o): return _binary(Binary.BITWISE_XOR, self, o, True)

    def __neg__(self): return ndarray(_call(ArrayMath.unary, Unary.NEGATIVE, self._a))
    def __pos__(self): return ndarray(self._a.copy())
    def __abs__(self): return ndarray(_call(ArrayMath.unary, Unary.ABSOLUTE, self._a))
    def __invert__(self): return ndarray(_call(ArrayMath.unary, Unary.INVERT, self._a))

    def _inplace(self, op, o):
        r = _binary(op, self, o)
        if r is NotImplemented:
            return r
        mine, theirs = self._a.dtype(), r._a.dtype()
        if mine != theirs and (theirs.isFloat() and not mine.isFloat()):
            raise TypeError("cannot store the %s result of an in-place '%s' in a %s array; "
                            "use a = a %s b, or a.astype(...) first"
                            % (ArrayMath.numpyName(theirs), op.symbol(), ArrayMath.numpyName(mine), op.symbol()))
        _call(Indexing.assign, self._a, r._a)
        return self

    def __iadd__(self, o): return self._inplace(Binary.ADD, o)
    def __isub__(self, o): return self._inplace(Binary.SUBTRACT, o)
    def __imul__(self, o): return self._inplace(Binary.MULTIPLY, o)
    def __idiv__(self, o): return self._inplace(Binary.DIVIDE, o)
    __itruediv__ = __idiv__
    def __ifloordiv__(self, o): return self._inplace(Binary.FLOOR_DIVIDE, o)
    def __imod__(self, o): return self._inplace(Binary.REMAINDER, o)
    def __ipow__(self, o): return self._inplace(Binary.POWER, o)

    def __lt__(self, o): return _compare(Compare.LESS, self, o)
    def __le__(self, o): return _compare(Compare.LESS_EQUAL, self, o)
    def __gt__(self, o): return _compare(Compare.GREATER, self, o)
    def __ge__(self, o): return _compare(Compare.GREATER_EQUAL, self, o)
    def __eq__(self, o): return _compare(Compare.EQUAL, self, o)
    def __ne__(self, o): return _compare(Compare.NOT_EQUAL, self, o)

    # ------------------------------------------------------------------ reductions

    def _reduce(self, op, axis=None, ddof=0):
        if axis is None:
            return PyValues.item(_call(Reductions.reduce, op, self._a, None, ddof))
        if isinstance(axis, (tuple, list)):
            if op in (Reduce.ARGMIN, Reduce.ARGMAX):
                raise TypeError("argmin/argmax take a single axis")
            if op in (Reduce.STD, Reduce.VAR, Reduce.MEAN):
                # moments over several axes: move them to the end and reduce one merged axis
                rank = self._a.rank()
                axes = sorted(set(a % rank for a in axis))
                keep = [d for d in range(rank) if d not in axes]
                moved = self._a.transpose(_ints(keep + axes)).copy()
                merged = moved.reshape(_ints([self._a.shape(d) for d in keep] + [-1]))
                return _scalar_or_array(_call(Reductions.reduce, op, merged, -1, ddof))
            r = self._a
            for ax in sorted(set(a % self._a.rank() for a in axis), reverse=True):
                r = _call(Reductions.reduce, op, r, ax, ddof)
            return _scalar_or_array(r)
        return _scalar_or_array(_call(Reductions.reduce, op, self._a, int(axis), ddof))

    def sum(self, axis=None): return self._reduce(Reduce.SUM, axis)
    def prod(self, axis=None): return self._reduce(Reduce.PROD, axis)
    def mean(self, axis=None): return self._reduce(Reduce.MEAN, axis)
    def std(self, axis=None, ddof=0): return self._reduce(Reduce.STD, axis, ddof)
    def var(self, axis=None, ddof=0): return self._reduce(Reduce.VAR, axis, ddof)
    def min(self, axis=None): return self._reduce(Reduce.MIN, axis)
    def max(self, axis=None): return self._reduce(Reduce.MAX, axis)
    def argmin(self, axis=None): return self._reduce(Reduce.ARGMIN, axis)
    def argmax(self, axis=None): return self._reduce(Reduce.ARGMAX, axis)
    def all(self, axis=None): return self._reduce(Reduce.ALL, axis)
    def any(self, axis=None): return self._reduce(Reduce.ANY, axis)

    # ------------------------------------------------------------------ shape and type

    def astype(self, dtype):
        return ndarray(_call(self._a.astype, _dtype(dtype)))

    def copy(self):
        return ndarray(self._a.copy())

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = shape[0]
        return ndarray(_call(self._a.reshape, _ints(shape)))

    def ravel(self):
        return ndarray(_call(self._a.reshape, _ints([-1])))

    def flatten(self):
        return ndarray(self._a.copy().reshape(_ints([-1])))

    def transpose(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = axes[0]
        return ndarray(_call(self._a.transpose, _ints(axes)))

    def squeeze(self):
        return ndarray(self._a.squeeze())

    def tolist(self):
        return PyValues.toList(self._a)

    def item(self):
        return _call(PyValues.item, self._a)

    def fill(self, value):
        self[...] = value

    def clip(self, lo=None, hi=None):
        return clip(self, lo, hi)


# ---------------------------------------------------------------------- construction

def array(obj, dtype=None):
    """A new array from nested lists/tuples, another array (copied) or a scalar; dtype is inferred
    (bool, int64, float64, or text) unless given."""
    t = _dtype(dtype)
    if isinstance(obj, ndarray):
        return ndarray(obj._a.copy() if t is None else _call(obj._a.astype, t))
    if isinstance(obj, NDArray):
        return ndarray(obj.copy() if t is None else _call(obj.astype, t))
    if isinstance(obj, (bool, int, long, float, str, unicode)):
        return ndarray(_call(ArrayBuild.fromNested, obj, t))
    return ndarray(_build(obj, t))


def asarray(obj, dtype=None):
    """obj itself when it is an ndarray of that type already, else array(obj, dtype)."""
    if isinstance(obj, ndarray) and (dtype is None or _dtype(dtype) == obj._a.dtype()):
        return obj
    if isinstance(obj, NDArray) and dtype is None:
        return ndarray(obj)
    if hasattr(obj, 'read') and hasattr(obj, 'shape') and hasattr(obj, 'attrs'):
        return obj[...] if dtype is None else obj[...].astype(dtype)
    return array(obj, dtype)


def zeros(shape, dtype='float64'):
    return ndarray(_call(NDArray.zeros, _dtype(dtype), _shape_arg(shape)))


empty = zeros


def ones(shape, dtype='float64'):
    return full(shape, 1, dtype)


def full(shape, value, dtype=None):
    if dtype is None:
        dtype = 'bool' if isinstance(value, bool) else 'int64' if isinstance(value, (int, long)) else 'float64'
    a = zeros(shape, dtype)
    a[...] = value
    return a


def zeros_like(a, dtype=None):
    a = asarray(a)
    return zeros(a.shape, dtype or a.dtype)


def ones_like(a, dtype=None):
    a = asarray(a)
    return ones(a.shape, dtype or a.dtype)


def arange(start, stop=None, step=1, dtype=None):
    """Values from start (inclusive) to stop (exclusive) by step; int64 when all three are integers."""
    if stop is None:
        start, stop = 0, start
    integral = all(isinstance(v, (int, long)) for v in (start, stop, step))
    r = _call(NDArray.arange, float(start), float(stop), float(step))
    if dtype is None and integral:
        r = r.astype(DType.INT64)
    elif dtype is not None:
        r = _call(r.astype, _dtype(dtype))
    return ndarray(r)


def linspace(start, stop, num=50, endpoint=True, dtype=None):
    """num evenly spaced values from start to stop (stop included unless endpoint=False)."""
    if num < 0:
        raise ValueError("linspace needs a non-negative number of samples, not %d" % num)
    if endpoint:
        r = _call(NDArray.linspace, float(start), float(stop), int(num))
    else:
        r = _call(NDArray.linspace, float(start), float(stop), int(num) + 1)
        r = r.slice(":%d" % num).copy()
    return ndarray(r if dtype is None else _call(r.astype, _dtype(dtype)))


# ---------------------------------------------------------------------- functions

def _unary(op):
    def f(x):
        return _scalar_or_array(_call(ArrayMath.unary, op, _as_java(x)))
    f.__name__ = op.name().lower()
    f.__doc__ = "Element-wise %s (NumPy's %s), computed in Java." % (op.name().lower(), op.name().lower())
    return f


sqrt, exp, log, log10, log2 = (_unary(Unary.SQRT), _unary(Unary.EXP), _unary(Unary.LOG), _unary(Unary.LOG10),
                              _unary(Unary.LOG2))
abs = absolute = _unary(Unary.ABSOLUTE)
sin, cos, tan = _unary(Unary.SIN), _unary(Unary.COS), _unary(Unary.TAN)
arcsin, arccos, arctan = _unary(Unary.ARCSIN), _unary(Unary.ARCCOS), _unary(Unary.ARCTAN)
sinh, cosh, tanh = _unary(Unary.SINH), _unary(Unary.COSH), _unary(Unary.TANH)
floor, ceil, rint = _unary(Unary.FLOOR), _unary(Unary.CEIL), _unary(Unary.RINT)
isnan, isfinite, isinf = _unary(Unary.ISNAN), _unary(Unary.ISFINITE), _unary(Unary.ISINF)
deg2rad, rad2deg = _unary(Unary.DEG2RAD), _unary(Unary.RAD2DEG)


def _binary_function(op):
    def f(x, y):
        if isinstance(x, ndarray) or isinstance(x, (list, tuple)):
            return _binary(op, asarray(x), y)
        if isinstance(y, ndarray) or isinstance(y, (list, tuple)):
            return _binary(op, asarray(y), x, True)
        return _scalar_or_array(_call(ArrayMath.binary, op, _as_java(x), _as_java(y)))
    f.__name__ = op.name().lower()
    return f


maximum, minimum = _binary_function(Binary.MAXIMUM), _binary_function(Binary.MINIMUM)
arctan2, hypot = _binary_function(Binary.ARCTAN2), _binary_function(Binary.HYPOT)


def clip(a, lo=None, hi=None):
    """a limited to [lo, hi] (either may be None)."""
    r = asarray(a)
    if lo is not None:
        r = maximum(r, lo)
    if hi is not None:
        r = minimum(r, hi)
    return r


def where(condition, x, y):
    """x where condition is true, y elsewhere (all three broadcast together)."""
    c = asarray(condition, 'bool')
    xa = x._a if isinstance(x, ndarray) else _as_java(x)
    ya = y._a if isinstance(y, ndarray) else _as_java(y)
    return ndarray(_call(ArrayMath.where, c._a, xa, ya))


def concatenate(arrays, axis=0):
    """Joins arrays along an existing axis (the other axes must agree)."""
    from java.util import ArrayList
    l = ArrayList()
    for a in arrays:
        l.add(asarray(a).java)
    return ndarray(_call(ArrayBuild.concatenate, l, int(axis)))


def stack(arrays, axis=0):
    """Joins arrays of one shape along a new axis."""
    arrays = [asarray(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to stack")
    rank = arrays[0].ndim
    ax = axis + rank + 1 if axis < 0 else axis
    if not 0 <= ax <= rank:
        raise ValueError("axis %d is out of bounds for stacking arrays of dimension %d" % (axis, rank))
    expanded = [a.reshape(a.shape[:ax] + (1,) + a.shape[ax:]) for a in arrays]
    if len(set(a.shape for a in arrays)) != 1:
        raise ValueError("all arrays must have the same shape to be stacked, not %s"
                         % ", ".join(str(a.shape) for a in arrays))
    return concatenate(expanded, ax)


def sum(a, axis=None): return asarray(a).sum(axis)
def mean(a, axis=None): return asarray(a).mean(axis)
def std(a, axis=None, ddof=0): return asarray(a).std(axis, ddof)
def var(a, axis=None, ddof=0): return asarray(a).var(axis, ddof)
def prod(a, axis=None): return asarray(a).prod(axis)
def amin(a, axis=None): return asarray(a).min(axis)
def amax(a, axis=None): return asarray(a).max(axis)
def argmin(a, axis=None): return asarray(a).argmin(axis)
def argmax(a, axis=None): return asarray(a).argmax(axis)
