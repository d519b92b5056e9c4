# Independent decoding of a random-groups UVFITS file with numpy only (no FITS library): finds the END card,
# computes the byte offsets itself and decodes big-endian values with numpy.frombuffer. Prints JSON.
import json, sys
import numpy as np

path, sl = sys.argv[1], sys.argv[2]
raw = open(path, 'rb').read()

def header(pos):
    cards = {}
    while True:
        block = raw[pos:pos + 2880]
        pos += 2880
        for k in range(0, 2880, 80):
            c = block[k:k + 80].decode('ascii')
            if c.startswith('END') and c[3:].strip() == '':
                return cards, pos
            if c[8:10] == '= ':
                v = c[10:].split('/')[0].strip() if not c[10:].strip().startswith("'") else c[10:].strip().split("'")[1].rstrip()
                cards.setdefault(c[:8].strip(), v)

h, data0 = header(0)
pcount, gcount = int(h['PCOUNT']), int(h['GCOUNT'])
naxis = [int(h['NAXIS%d' % i]) for i in range(2, int(h['NAXIS']) + 1)]
nval = int(np.prod(naxis))
arr = np.frombuffer(raw, dtype='>f4', count=gcount * (pcount + nval), offset=data0).reshape(gcount, pcount + nval)
params = arr[:, :pcount].astype(np.float64)
for i in range(pcount):
    params[:, i] = params[:, i] * float(h.get('PSCAL%d' % (i + 1), 1)) + float(h.get('PZERO%d' % (i + 1), 0))
data = arr[:, pcount:].reshape([gcount] + naxis[::-1])
sel = eval('np.s_[' + sl + ']')
end = data0 + (gcount * (pcount + nval) * 4 + 2879) // 2880 * 2880
th, t0 = header(end)
nrows, rowlen = int(th['NAXIS2']), int(th['NAXIS1'])
table = np.frombuffer(raw, dtype=np.uint8, count=nrows * rowlen, offset=t0).reshape(nrows, rowlen)
# AIPS AN layout from its TFORMs: 8A, 3D, 1J, 1J, 1E, 1A, 1E, 1A, 1E
stab = table[:, 8:32].copy().view('>f8').reshape(nrows, 3)
nosta = table[:, 32:36].copy().view('>i4').reshape(nrows)
anname = [bytes(r[0:8]).decode().rstrip(' \x00') for r in table]
polaa = table[:, 45:49].copy().view('>f4').reshape(nrows)
print(json.dumps({
    'params_head': params[:3].tolist(), 'params_tail': params[-2:].tolist(),
    'param_sum': float(params.sum()), 'data_sum': float(data.astype(np.float64).sum()),
    'slice_shape': list(data[sel].shape), 'slice': [float(x) for x in data[sel].ravel()],
    'stabxyz': stab.tolist(), 'nosta': nosta.tolist(), 'anname': anname, 'polaa': polaa.astype(float).tolist()}))
