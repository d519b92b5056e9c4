"""The FX correlator from scripts (org.daybreak.corr).

    daybreak.corr.simulate("voltages.h5", antennas=4, samples=32768, tones=[0.2], delays=[0, 2.5, -1, 4])
    job = daybreak.corr.run("voltages.h5", out="vis.h5", channels=64, integrate=64)
    result = job.wait()       # dumps, spectra, antennas, baselines, channels, out
    vis = daybreak.load("vis.h5")
    v = vis["/visibilities"][...]          # [dump][channel][baseline][pol][2], last axis (re, im)
    job = daybreak.corr.run("voltages.h5", out="vis.h5", channels=64, remote=True)   # on remote workers

Baseband recordings (VDIF, Mark 5B, PSRDADA, GUPPI RAW):
    v = daybreak.corr.open("sample.vdif")      # lazy: reads only the frames a slice needs
    v.info["sample_rate"], v.shape             # (samples, streams, pols, 2)
    x = v[1000:2000]                           # float32 [sample][stream][pol][re, im] (real data: im = 0)
    f, p = v.spectrum(channels=256)            # frequencies (Hz), power [stream][pol][channel]
    job = daybreak.corr.run("sample.vdif", out="vis.h5", channels=64, integrate=100)   # streamed

Conventions as the corr command's: tones are fractions of the sample rate, delays are in samples, noise and
tone amplitude in ADC counts; baselines (0,0), (0,1), ..., (0,N-1), (1,1), ...; V_ij = sum x_i conj(x_j).
"""

from daybreak._java import Correlation, call as _call
from daybreak.arrays import ndarray
from daybreak.jobs import submit, _pop_target

__all__ = ['simulate', 'voltages', 'run', 'open']


def _floats(values, what):
    if values is None:
        return None
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError("%s must be a list of numbers, not %r" % (what, values))


def _noise(noise):
    try:
        n = [float(v) for v in noise]
    except TypeError:
        n = [float(noise), 0.0]
    if not 1 <= len(n) <= 2 or min(n) < 0:
        raise ValueError("noise must be SKY or (SKY, RECEIVER) rms values >= 0 in ADC counts, not %r" % (noise,))
    return n[0], (n[1] if len(n) == 2 else 0.0)


def voltages(antennas, samples, tones=None, tone_amplitude=20, delays=None, gains=None, noise=(8, 8), seed=1,
             pols=1):
    """Simulated int8 voltages [antenna][pol][sample] in memory: sky noise common to all antennas and receiver
    noise of each (noise = (SKY, RECEIVER) rms counts), tones (fractions of the sample rate) of amplitude
    tone_amplitude, each antenna delayed by its delay (samples) and scaled by its gain. Deterministic for a seed."""
    sky, receiver = _noise(noise)
    return ndarray(_call(Correlation.voltages, int(antennas), int(samples), int(pols), _floats(tones, "tones"),
                         float(tone_amplitude), _floats(delays, "delays"), _floats(gains, "gains"), sky, receiver,
                         long(seed)))


def simulate(out, antennas, samples, tones=None, tone_amplitude=20, delays=None, gains=None, noise=(8, 8), seed=1,
             pols=1, sample_rate=1.0):
    """Writes simulated voltages (see voltages) to out, .h5 (with the simulation's parameters as attributes) or
    .npy, as 'daybreak corr simulate' does; sample_rate (Hz) sets the frequency axis of later runs."""
    sky, receiver = _noise(noise)
    _call(Correlation.simulate, str(out), int(antennas), int(samples), int(pols), _floats(tones, "tones"),
          float(tone_amplitude), _floats(delays, "delays"), _floats(gains, "gains"), sky, receiver, long(seed),
          float(sample_rate))
    return str(out)


def run(voltages, out, **params):
    """Channelises and correlates a voltages file (.h5 or .npy), a baseband recording or a list of recordings
    (one per station, streamed in bounded memory) into a visibilities file (.h5 or .npy), as a
    job (corr.run). Parameters as the corr command's: channels, integrate, taps, window, delays, phases,
    requantise, sample_rate, threads. remote=, device=, user=, password_file=, trust=, fingerprint=: where it
    runs, as for daybreak.jobs.submit (the same visibilities wherever it runs). Returns a Job."""
    where = _pop_target(params)
    params['out'] = str(out)
    files = [voltages] if isinstance(voltages, (str, unicode)) else list(voltages)
    inputs = {'voltages': str(files[0])}
    for k, f in enumerate(files[1:]):
        inputs['voltages_%d' % (k + 2)] = str(f)
    return submit('corr.run', params, inputs, **where)


class Voltages(object):
    """A baseband recording opened for lazy reading (see open). Indexing the first axis reads only the frames
    needed: v[i] and v[a:b] (a step applies after reading) give float32 ndarrays [sample][stream][pol][re, im];
    further indices select within those. A stream is a VDIF thread x channel, a Mark 5B channel or a DADA/GUPPI
    channel. codes(a, b) gives the raw integer codes; info the header summary (as 'daybreak corr info --json')."""

    def __init__(self, reader):
        self._reader = reader
        i = reader.info()
        self.info = dict((k, v) for k, v in i.toMap().items())
        self.shape = (int(i.samples()), int(i.streams()), int(i.pols()), 2)

    def __len__(self):
        return self.shape[0]

    def _range(self, key):
        n = self.shape[0]
        if isinstance(key, slice):
            start, stop, step = key.indices(n)
            return start, max(start, stop), step
        k = int(key)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("sample %d is outside the %d samples" % (key, n))
        return k, k + 1, None

    def __getitem__(self, key):
        rest = ()
        if isinstance(key, tuple):
            key, rest = key[0], key[1:]
        start, stop, step = self._range(key)
        a = ndarray(_call(Correlation.readBaseband, self._reader, start, stop - start))
        if step is None:
            a = a[0]
        elif step != 1:
            a = a[::step]
        if rest:
            a = a[(slice(None),) * (0 if step is None else 1) + rest]
        return a

    def codes(self, start, stop):
        """Raw integer codes of samples [start, stop), same layout as the levels (see docs/baseband.md)."""
        return ndarray(_call(Correlation.readBasebandCodes, self._reader, int(start), int(stop) - int(start)))

    def spectrum(self, channels=256, taps=4, window="hann", samples=None):
        """Power spectrum of every stream and polarisation over the first `samples` samples (default all),
        through the correlator's filter bank: returns (frequencies in Hz, power [stream][pol][channel]).
        Real data: channel k at k fs / 2C; complex data: offsets (j - C/2) fs / C from the band centre."""
        f, p = _call(Correlation.basebandSpectrum, self._reader, int(channels), int(taps), str(window),
                     long(samples or 0))
        return ndarray(f), ndarray(p)

    def close(self):
        self._reader.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<daybreak.corr.Voltages %s %s, %d samples x %d streams x %d pols>" % (
            self.info.get("format"), self._reader.path(), self.shape[0], self.shape[1], self.shape[2])


def open(path, sample_rate=None, reference_date=None, nchan=None, bits=None):
    """Opens a VDIF, Mark 5B, PSRDADA or GUPPI RAW recording as Voltages (lazy). sample_rate (Hz) when the headers
    do not give it (VDIF EDV 0), reference_date 'yyyy-mm-dd' to date a Mark 5B recording (its headers hold the day
    modulo 1000), nchan and bits of a Mark 5B recording (default 8 and 2)."""
    return Voltages(_call(Correlation.openBaseband, str(path), float(sample_rate or 0),
                          None if reference_date is None else str(reference_date), int(nchan or 0), int(bits or 0)))
