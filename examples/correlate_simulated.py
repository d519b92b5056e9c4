"""Correlate simulated antenna voltages as a radio telescope's FX correlator does: four antennas see the same sky
noise and a tone, each delayed differently, plus their own receiver noise; a 4-tap polyphase filter bank splits
them into 64 channels, every baseline is cross-multiplied and integrated into visibilities. The tone shows in
the autocorrelation spectrum, and each antenna's delay as a phase slope across the band, fitted here with a
straight line.

Data: simulated (no file needed; the simulator is deterministic for its seed).
Run:  ./daybreak run examples/correlate_simulated.py [OUTPUT_DIR]
"""

import math
import os
import daybreak
from _testdata import output_dir

CHANNELS = 64
INTEGRATE = 64                                   # spectra per dump
SAMPLES = 4 * INTEGRATE * 2 * CHANNELS           # four dumps (the filter bank takes 2 x CHANNELS real samples)
TONE = 0.2                                       # cycles per sample: channel 0.2 x 128 = 25.6
DELAYS = [0.0, 2.5, -1.25, 4.0]                  # samples
RATE = 1.0e6                                     # Hz

out = output_dir()
volts = os.path.join(out, "voltages.h5")
daybreak.corr.simulate(volts, antennas=len(DELAYS), samples=SAMPLES, tones=[TONE], tone_amplitude=20,
                       delays=DELAYS, noise=(8, 4), seed=7, sample_rate=RATE)
print "simulated %d antennas x %d int8 samples at %.0f Hz -> %s" % (len(DELAYS), SAMPLES, RATE, volts)

vis_path = os.path.join(out, "visibilities.h5")
job = daybreak.corr.run(volts, out=vis_path, channels=CHANNELS, integrate=INTEGRATE, taps=4, window="hann")
result = job.wait()
print "job %s: %s, %d dumps x %d channels x %d baselines" % (job.kind, job.state, result["dumps"],
                                                              result["channels"], result["baselines"])

f = daybreak.load(vis_path)
v = f["/visibilities"][...]                      # [dump][channel][baseline][pol][2]
baselines = f["/baselines"][...].tolist()
freqs = f["/frequencies"][...]
print "visibilities %s %s; baselines %s" % (v.shape, v.dtype, baselines[:4])


def summed(b):
    """The dump-summed visibility of baseline b per channel, as lists of (re, im)."""
    s = v[:, :, b, 0, :].astype('float64').sum(axis=0)  # [channel][2]
    return s[:, 0].tolist(), s[:, 1].tolist()


# the autocorrelation of antenna 0: power per channel, the tone on top of the noise
re, im = summed(baselines.index([0, 0]))
peak = max(range(CHANNELS), key=lambda k: re[k])
print "tone in channel %d (%.4f of the sample rate, %.0f Hz; simulated %.4f)" % (peak, freqs[peak] / RATE,
                                                                                 freqs[peak], TONE)

# the cross-correlations (0, j): V_0j = x_0 conj(x_j) turns a delay D_j into a phase 2 pi f D_j
channels = daybreak.arange(CHANNELS, dtype='float64')
band = range(4, CHANNELS - 4)                    # away from the band edges, where the filter bank rolls off
for j in range(1, len(DELAYS)):
    re, im = summed(baselines.index([0, j]))
    phase = [math.atan2(im[k], re[k]) for k in band]
    unwrapped = [phase[0]]
    for p in phase[1:]:
        d = p - unwrapped[-1]
        d -= 2 * math.pi * round(d / (2 * math.pi))
        unwrapped.append(unwrapped[-1] + d)
    r = daybreak.fit(daybreak.array([float(k) for k in band]), daybreak.array(unwrapped), "linear")
    delay = r.params["slope"].value * 2 * CHANNELS / (2 * math.pi)
    print "baseline (0,%d): delay %.3f samples (simulated %.3f), fit %s" % (j, delay, DELAYS[j] - DELAYS[0],
                                                                            "ok" if r.success else r.message)

re, im = summed(baselines.index([0, 0]))
daybreak.plot.line(channels, daybreak.array(re), name="V_00", logy=True)
daybreak.plot.labels(title="autocorrelation of antenna 0", xlabel="channel", ylabel="power (counts^2)")
png = os.path.join(out, "autocorrelation.png")
daybreak.plot.save(png, 800, 500)
print "saved %s" % png
