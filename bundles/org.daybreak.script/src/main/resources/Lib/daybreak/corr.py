"""The FX correlator from scripts (org.daybreak.corr), as jobs.

    job = daybreak.corr.run("voltages.h5", out="vis.h5", channels=64, integrate=100)
    result = job.wait()       # dumps, spectra, antennas, baselines, channels, out
    vis = daybreak.load("vis.h5")
"""

from daybreak.jobs import submit

__all__ = ['run']


def run(voltages, out, **params):
    """Channelises and correlates a voltages file (.h5 or .npy) into a visibilities file (.h5 or .npy), as a
    job (corr.run). Parameters as the corr command's: channels, integrate, taps, window, delays, phases,
    requantise, sample_rate, threads. Returns a Job."""
    params['out'] = str(out)
    return submit('corr.run', {'voltages': str(voltages)}, **params)
