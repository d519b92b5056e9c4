# Writes filtered.h5 with one dataset per (filter, dtype) and the original arrays as NAME.npy, plus
# manifest.json listing them. Shapes and chunks are awkward on purpose: partial edge chunks everywhere.
# Bitshuffle has no encoder in Debian's hdf5plugin, so its chunks are encoded here (a NumPy reference of the
# bitshuffle format + lz4.block) and written with write_direct_chunk under the filter id 32008.
import json
import struct

import h5py
import lz4.block
import lzo
import zlib
import numpy as np

rng = np.random.default_rng(1234)

# Filter options written out (as hdf5plugin's classes would make them) rather than taken from hdf5plugin, so that
# the plugin set is only what HDF5_PLUGIN_PATH names (TestSupport.pluginFolder: Debian's LZ4, bzip2, Blosc).
BLOSC_CODES = {'blosclz': 0, 'lz4': 1, 'lz4hc': 2, 'zlib': 4, 'zstd': 5}


def blosc(cname='blosclz', clevel=5, shuffle=1):
    return dict(compression=32001, compression_opts=(0, 0, 0, 0, clevel, shuffle, BLOSC_CODES[cname]))


def lz4_filter():
    return dict(compression=32004, compression_opts=(0,))


def bzip2_filter():
    return dict(compression=307, compression_opts=(9,))
manifest = []


def data(dtype, shape):
    dt = np.dtype(dtype)
    if dt.kind == 'f':
        a = rng.normal(0, 1000, size=shape).astype(dt)
        a.flat[::97] = np.round(a.flat[::97])  # repeated values compress
        return a
    if dt.kind == 'b':
        return rng.integers(0, 2, size=shape).astype(dt)
    info = np.iinfo(dt)
    lo = max(info.min, -100000)
    hi = min(info.max, 100000)
    a = rng.integers(lo, hi, size=shape, endpoint=True).astype(dt)
    a.flat[::5] = 7
    return a


def add(f, name, arr, **kw):
    f.create_dataset(name, data=arr, **kw)
    np.save(name + '.npy', arr)
    manifest.append(name)


def bitshuffle_block(block):
    m, es = block.shape[0], block.dtype.itemsize
    b = block.view(np.uint8).reshape(m, es)
    rows = []
    for j in range(es):
        bits = np.unpackbits(b[:, j].reshape(m, 1), axis=1, bitorder='little')  # (m, 8)
        for k in range(8):
            rows.append(np.packbits(bits[:, k], bitorder='little'))
    return np.concatenate(rows).tobytes()


def bitshuffle_chunk(flat, block_size, lz4c):
    n = flat.shape[0]
    es = flat.dtype.itemsize
    out = []
    if lz4c:
        out.append(struct.pack('>QI', n * es, block_size * es))
    done = 0
    while n - done >= 8:
        m = min(block_size, n - done)
        m -= m % 8
        enc = bitshuffle_block(flat[done:done + m])
        if lz4c:
            c = lz4.block.compress(enc, store_size=False)
            out.append(struct.pack('>I', len(c)))
            out.append(c)
        else:
            out.append(enc)
        done += m
    out.append(flat[done:].tobytes())
    return b''.join(out)


def add_bitshuffle(f, name, arr, chunks, block_size, lz4c):
    es = arr.dtype.itemsize
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk(chunks)
    dcpl.set_filter(32008, h5py.h5z.FLAG_OPTIONAL, (0, 3, es, block_size, 2 if lz4c else 0))
    space = h5py.h5s.create_simple(arr.shape)
    dsid = h5py.h5d.create(f.id, name.encode(), h5py.h5t.py_create(arr.dtype), space, dcpl=dcpl)
    ds = h5py.Dataset(dsid)
    bs = block_size if block_size > 0 else max(128, (8192 // es) // 8 * 8)
    for c0 in range(0, arr.shape[0], chunks[0]):
        for c1 in range(0, arr.shape[1], chunks[1]):
            full = np.zeros(chunks, dtype=arr.dtype)
            part = arr[c0:c0 + chunks[0], c1:c1 + chunks[1]]
            full[:part.shape[0], :part.shape[1]] = part
            ds.id.write_direct_chunk((c0, c1), bitshuffle_chunk(full.reshape(-1), bs, lz4c))
    np.save(name + '.npy', arr)
    manifest.append(name)


def add_lzo(f, name, arr, chunks, trailer):
    """LZO1X-1 chunks (python-lzo, the LZO library itself) as PyTables writes them: with trailer, followed by the
    Adler-32 of the chunk and its length (little-endian 32-bit each)."""
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk(chunks)
    dcpl.set_filter(305, h5py.h5z.FLAG_OPTIONAL, (1, 23, 0))
    space = h5py.h5s.create_simple(arr.shape)
    dsid = h5py.h5d.create(f.id, name.encode(), h5py.h5t.py_create(arr.dtype), space, dcpl=dcpl)
    ds = h5py.Dataset(dsid)
    for c0 in range(0, arr.shape[0], chunks[0]):
        for c1 in range(0, arr.shape[1], chunks[1]):
            full = np.zeros(chunks, dtype=arr.dtype)
            part = arr[c0:c0 + chunks[0], c1:c1 + chunks[1]]
            full[:part.shape[0], :part.shape[1]] = part
            raw = full.tobytes()
            coded = lzo.compress(raw, 1, False)
            if trailer:
                coded += np.array([zlib.adler32(raw), len(raw)], dtype='<u4').tobytes()
            ds.id.write_direct_chunk((c0, c1), coded)
    np.save(name + '.npy', arr)
    manifest.append(name)


dtypes = ['|u1', '<i2', '>u2', '<u4', '>i4', '<f4', '>f8', '<u8', '<i8', '<f2']
main = ['|u1', '>i2', '<u4', '<f4', '>f8']
with h5py.File('filtered.h5', 'w') as f:
    shape, chunks = (37, 1001), (8, 300)
    for dt in dtypes:
        a = data(dt, shape)
        t = dt.replace('<', 'le_').replace('>', 'be_').replace('|', '')
        add(f, 'shuffle_gzip_' + t, a, chunks=chunks, compression='gzip', shuffle=True)
        add(f, 'blosc_lz4_2_' + t, a, chunks=chunks, **blosc(cname='lz4', clevel=5, shuffle=2))
        if dt != '<f2':
            # szip (libaec through HDF5): nearest-neighbour preprocessing with 16-pixel blocks, entropy coding only
            # with 8-pixel blocks; 300-pixel chunk rows are not a whole number of blocks (padded scanlines)
            add(f, 'szip_nn_' + t, a, chunks=chunks, compression='szip', compression_opts=('nn', 16))
            add(f, 'szip_ec_' + t, a, chunks=chunks, compression='szip', compression_opts=('ec', 8))
        if dt not in main:
            continue
        add(f, 'gzip_' + t, a, chunks=chunks, compression='gzip')
        add(f, 'fletcher_' + t, a, chunks=chunks, fletcher32=True)
        add(f, 'fletcher_shuffle_gzip_' + t, a, chunks=chunks, fletcher32=True, shuffle=True, compression=9)
        add(f, 'lzf_' + t, a, chunks=chunks, compression='lzf')
        add(f, 'lz4_' + t, a, chunks=chunks, **lz4_filter())
        add(f, 'bzip2_' + t, a, chunks=chunks, **bzip2_filter())
        add_lzo(f, 'lzo_' + t, a, chunks, False)
        add_lzo(f, 'lzo_trailer_' + t, a, chunks, True)
        for cname in ['blosclz', 'lz4', 'lz4hc', 'zlib', 'zstd']:
            for sh in [0, 1, 2]:
                if cname == 'lz4' and sh == 2:
                    continue
                add(f, 'blosc_%s_%d_%s' % (cname, sh, t), a, chunks=chunks,
                    **blosc(cname=cname, clevel=5, shuffle=sh))
        if dt != '<f4':
            for bs in [0, 64]:
                add_bitshuffle(f, 'bitshuffle_%d_%s' % (bs, t), a, chunks, bs, False)
                add_bitshuffle(f, 'bitshuffle_lz4_%d_%s' % (bs, t), a, chunks, bs, True)
    a = data('<u4', (37, 101))
    add_bitshuffle(f, 'bitshuffle_lz4_8_small', a, (8, 30), 8, True)
    add_bitshuffle(f, 'bitshuffle_16_small', a, (8, 30), 16, False)
    # three axes, tiny odd chunks; large chunks with several Blosc blocks; bool; one uncompressible chunk
    a = data('<u2', (5, 33, 17))
    add(f, 'odd3d_blosc', a, chunks=(2, 8, 5), **blosc(cname='blosclz', shuffle=1))
    add(f, 'odd3d_gzip', a, chunks=(2, 8, 5), compression='gzip', shuffle=True)
    big = data('<f4', (3, 400, 300))
    add(f, 'big_blosc_lz', big, chunks=(1, 400, 300), **blosc(cname='blosclz', clevel=9, shuffle=1))
    add(f, 'big_blosc_bit', big, chunks=(1, 400, 300), **blosc(cname='lz4', clevel=9, shuffle=2))
    add(f, 'big_blosc_zstd', big, chunks=(1, 400, 300), **blosc(cname='zstd', clevel=1, shuffle=0))
    add(f, 'bool_gzip', data('|b1', (37, 1001)), chunks=(8, 300), compression='gzip')
    noise = rng.integers(0, 255, size=(4000,), dtype=np.uint8)
    add(f, 'noise_lzf', noise, chunks=(1000,), compression='lzf')
    add(f, 'noise_blosc', noise, chunks=(1000,), **blosc(cname='blosclz', clevel=9, shuffle=0))
    add(f, 'contiguous_be', data('>f8', (37, 1001)))
    add(f, 'scalar_i4', np.array(42, dtype='<i4'))
    # LZO's long literal runs, far matches (16..48 KiB back) and long length extensions
    mixed = np.concatenate([rng.integers(0, 255, 70000, dtype=np.uint8), np.zeros(50000, np.uint8),
                            rng.integers(0, 255, 30000, dtype=np.uint8)])
    mixed[130000:150000] = mixed[100:20100]   # repeats data 130 KB back: beyond the window, coded as literals
    mixed[75000:95000] = np.tile(mixed[10:30], 1000)
    mixed[60000:70000] = mixed[30000:40000]   # 30 KB back
    add_lzo(f, 'lzo_mixed_u1', mixed.reshape(150, 1000), (150, 1000), True)
    # szip's low-entropy options: runs of zero blocks (also to the end of a 64-block segment) and the second
    # extension on a slowly rising ramp; 32-pixel blocks on odd 3-D chunks
    sparse = np.zeros((37, 1001), dtype='<i2')
    sparse.flat[::997] = 5
    add(f, 'szip_sparse_le_i2', sparse, chunks=(8, 1001), compression='szip', compression_opts=('nn', 32))
    add(f, 'szip_sparse_ec_le_i2', sparse, chunks=(8, 1001), compression='szip', compression_opts=('ec', 32))
    # random walks: small differences between neighbours, coded with split samples of several k
    walk = np.cumsum(rng.integers(-40, 41, 37 * 1001)).astype('<i4').reshape(37, 1001) + 100000
    add(f, 'szip_walk_le_i4', walk, chunks=(8, 300), compression='szip', compression_opts=('nn', 16))
    add(f, 'szip_walk_be_f4', (walk / 7.0).astype('>f4'), chunks=(8, 300), compression='szip',
        compression_opts=('nn', 32))
    ramp = (np.arange(37 * 1001) // 3 % 50000).astype('>u2').reshape(37, 1001)
    add(f, 'szip_ramp_be_u2', ramp, chunks=(8, 300), compression='szip', compression_opts=('nn', 8))
    add(f, 'szip_odd3d_u1', data('|u1', (5, 33, 17)), chunks=(2, 8, 5), compression='szip',
        compression_opts=('nn', 32))

# raw chunks of some szip and LZO datasets with their filter parameters and decoded bytes, for the decoders'
# own tests (exact output, and robustness against damaged chunks)
raw = []
with h5py.File('filtered.h5', 'r') as f:
    for name in ['szip_nn_le_i2', 'szip_ec_be_f8', 'szip_sparse_le_i2', 'szip_ramp_be_u2', 'szip_walk_le_i4',
                 'szip_walk_be_f4', 'lzo_le_u4', 'lzo_trailer_be_f8', 'lzo_mixed_u1']:
        d = f[name]
        filt = d.id.get_create_plist().get_filter(0)
        # the first chunk the filter really coded (an optional filter that does not shrink a chunk is skipped,
        # which the filter mask records)
        for i in range(d.id.get_num_chunks()):
            offset = d.id.get_chunk_info(i).chunk_offset
            mask, coded = d.id.read_direct_chunk(offset)
            if mask == 0:
                break
        else:
            raise SystemExit('no coded chunk in ' + name)
        with open('raw_%s.bin' % name, 'wb') as out:
            out.write(coded)
        full = np.zeros(d.chunks, dtype=d.dtype)
        part = np.load(name + '.npy')[tuple(slice(o, o + c) for o, c in zip(offset, d.chunks))]  # h5py lacks LZO
        full[tuple(slice(0, s) for s in part.shape)] = part
        with open('raw_%s.out' % name, 'wb') as out:
            out.write(full.tobytes())
        raw.append({'name': name, 'filter': filt[0], 'cd': list(filt[2])})
json.dump(raw, open('raw_chunks.json', 'w'))
json.dump(manifest, open('manifest.json', 'w'))
print(len(manifest))
