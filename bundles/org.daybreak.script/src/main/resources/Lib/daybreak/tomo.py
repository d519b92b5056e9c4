"""Tomography from scripts (org.daybreak.tomo).

    sino = f["/exchange/data"][:, 0, :]                 # one sinogram [angle][detector]
    c = daybreak.tomo.find_centre(sino_att, theta)       # centre of rotation, detector bins
    rec = daybreak.tomo.fbp(sino_att, theta, centre=c)   # a slice [y][x], in memory
    job = daybreak.tomo.recon("tooth.h5", out="rec.h5", slices="0:2")   # file to file, as a job
    print job.wait()["centre"]

Conventions (as scikit-image's iradon): sinograms hold attenuation (after flat-field and -log), angles are in
degrees, the centre of rotation is in detector bins (bin i centred at i), slices are detectors x detectors.
"""

from daybreak._java import Tomography, call as _call
from daybreak.arrays import asarray, ndarray
from daybreak.jobs import submit

__all__ = ['find_centre', 'fbp', 'recon']


def find_centre(sinogram, angles):
    """The centre of rotation (detector bins) of a sinogram [angle][detector] with angles in degrees."""
    return _call(Tomography.findCentre, asarray(sinogram).java, asarray(angles, 'float64').java)


def fbp(sinogram, angles, centre=None, filter='ramp', threads=0):
    """Filtered back-projection of one sinogram [angle][detector] (attenuation) into a float32 slice [y][x];
    centre None finds it (find_centre). filter: ramp, shepp-logan, cosine, hamming, hann."""
    from java.lang import Runtime
    n = threads or Runtime.getRuntime().availableProcessors()
    c = float('nan') if centre is None else float(centre)
    return ndarray(_call(Tomography.fbp, asarray(sinogram).java, asarray(angles, 'float64').java, c, filter, n))


def recon(scan=None, out=None, sinogram=None, angles=None, darks=None, flats=None, **params):
    """Reconstructs slices of a scan file (NXtomo, Data Exchange .h5, TIFF folder) or of sinograms in a .npy,
    writing them to out (.h5/.nxs NeXus or .npy), as a job (tomo.recon). Other parameters as the tomo
    command's: algorithm (fbp, sirt, cgls), filter, iterations, center ('auto' or raw detector columns),
    slices ('A:B'), ringRemoval, zingerThreshold, flatMode, crop, bin, threads. Returns a Job; its result
    holds centre, slices_completed, out, seconds."""
    if out is None:
        raise ValueError("recon needs an output file: out='rec.h5'")
    if (scan is None) == (sinogram is None):
        raise ValueError("recon needs either scan= (a scan file) or sinogram= (a .npy of sinograms)")
    inputs = {}
    for k, v in (('scan', scan), ('sinogram', sinogram), ('angles', angles), ('darks', darks), ('flats', flats)):
        if v is not None:
            inputs[k] = str(v)
    params['out'] = str(out)
    return submit('tomo.recon', inputs, **params)
