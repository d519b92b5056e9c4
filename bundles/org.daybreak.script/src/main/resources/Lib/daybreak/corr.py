"""The FX correlator from scripts (org.daybreak.corr).

    daybreak.corr.simulate("voltages.h5", antennas=4, samples=32768, tones=[0.2], delays=[0, 2.5, -1, 4])
    job = daybreak.corr.run("voltages.h5", out="vis.h5", channels=64, integrate=64)
    result = job.wait()       # dumps, spectra, antennas, baselines, channels, out
    vis = daybreak.load("vis.h5")
    v = vis["/visibilities"][...]          # [dump][channel][baseline][pol][2], last axis (re, im)
    job = daybreak.corr.run("voltages.h5", out="vis.h5", channels=64, remote=True)   # on remote workers

Conventions as the corr command's: tones are fractions of the sample rate, delays are in samples, noise and
tone amplitude in ADC counts; baselines (0,0), (0,1), ..., (0,N-1), (1,1), ...; V_ij = sum x_i conj(x_j).
"""

from daybreak._java import Correlation, call as _call
from daybreak.arrays import ndarray
from daybreak.jobs import submit, _pop_target

__all__ = ['simulate', 'voltages', 'run']


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
    """Channelises and correlates a voltages file (.h5 or .npy) into a visibilities file (.h5 or .npy), as a
    job (corr.run). Parameters as the corr command's: channels, integrate, taps, window, delays, phases,
    requantise, sample_rate, threads. remote=, device=, user=, password_file=, trust=, fingerprint=: where it
    runs, as for daybreak.jobs.submit (the same visibilities wherever it runs). Returns a Job."""
    where = _pop_target(params)
    params['out'] = str(out)
    return submit('corr.run', params, {'voltages': str(voltages)}, **where)
