"""Tomography from scripts (org.daybreak.tomo).

    sino = f["/exchange/data"][:, 0, :]                 # one sinogram [angle][detector]
    c = daybreak.tomo.find_centre(sino_att, theta)       # centre of rotation, detector bins
    rec = daybreak.tomo.fbp(sino_att, theta, centre=c)   # a slice [y][x], in memory
    job = daybreak.tomo.recon("tooth.h5", out="rec.h5", slices="0:2")   # file to file, as a job
    print job.wait()["centre"]
    job = daybreak.tomo.recon("tooth.h5", out="rec.h5", remote=True, device="gpu")   # on remote workers
    rec = daybreak.tomo.fbp(sino_att, theta, centre=c, remote="local")  # the same slice, computed by a worker

Conventions (as scikit-image's iradon): sinograms hold attenuation (after flat-field and -log), angles are in
degrees, the centre of rotation is in detector bins (bin i centred at i), slices are detectors x detectors.
remote=, device=, user=, password_file=, trust=, fingerprint= choose where recon and fbp run, as for
daybreak.jobs.submit; the results are the same wherever they run.
"""

import shutil
import tempfile

from daybreak._java import Tomography, call as _call
from daybreak.arrays import asarray, ndarray
from daybreak.jobs import submit, _pop_target, _submit_specs, _target

__all__ = ['find_centre', 'fbp', 'recon']


def find_centre(sinogram, angles):
    """The centre of rotation (detector bins) of a sinogram [angle][detector] with angles in degrees."""
    return _call(Tomography.findCentre, asarray(sinogram).java, asarray(angles, 'float64').java)


def fbp(sinogram, angles, centre=None, filter='ramp', threads=0, remote=None, device=None, **where):
    """Filtered back-projection of one sinogram [angle][detector] (attenuation) into a float32 slice [y][x];
    centre None finds it (find_centre). filter: ramp, shepp-logan, cosine, hamming, hann.

    With remote= (a broker URL, 'local' or True; user=, password_file=, trust=, fingerprint= as for
    daybreak.jobs.submit) a worker computes it as a tomo.recon job (the sinogram and angles travel as .npy files
    in a temporary folder, the slice comes back the same way) and the same slice is returned; device='gpu'
    asks for a worker with a GPU. Without remote=, device='gpu' back-projects on this machine's GPU (an error
    naming the reason where it has none), 'auto' (the default) on its GPU when one is usable, 'cpu' on its cores.
    threads 0: all of this machine's cores (a worker's, remotely)."""
    unknown = [k for k in where if k not in ('user', 'password_file', 'trust', 'fingerprint')]
    if unknown:
        raise TypeError("fbp() got an unexpected keyword argument %r" % unknown[0])
    c = float('nan') if centre is None else float(centre)
    if remote is None or remote is False:
        _target(None, device=device, **where)  # refuses user= etc. without remote=, and a bad device
        from java.lang import Runtime
        n = threads or Runtime.getRuntime().availableProcessors()
        return ndarray(_call(Tomography.fbp, asarray(sinogram).java, asarray(angles, 'float64').java, c, filter, n,
                             'auto' if device is None else str(device).lower()))
    target = _target(remote, device=device, **where)
    folder = tempfile.mkdtemp(prefix='daybreak-fbp-')
    try:
        spec = _call(Tomography.fbpJob, asarray(sinogram).java, asarray(angles, 'float64').java, c, filter,
                     int(threads), folder)
        job = _submit_specs([spec], target)[0]
        result = job.wait()
        return ndarray(_call(Tomography.readSlice, result['out']))
    finally:
        shutil.rmtree(folder, True)


def recon(scan=None, out=None, sinogram=None, angles=None, darks=None, flats=None, **params):
    """Reconstructs slices of a scan file (NXtomo, Data Exchange .h5, TIFF folder) or of sinograms in a .npy,
    writing them to out (.h5/.nxs NeXus or .npy), as a job (tomo.recon). Other parameters as the tomo
    command's: algorithm (fbp, sirt, cgls), filter, iterations, center ('auto' or raw detector columns),
    slices ('A:B'), ring_removal, ring_size, zinger_threshold, flat_mode, crop, bin, tiff_dir, threads
    ('daybreak jobs kinds' lists them; unknown names are a ValueError). remote=, device=, user=,
    password_file=, trust=, fingerprint=: where it runs, as for daybreak.jobs.submit. Returns a Job; its result
    holds center, center_detector, slices_completed, out (absolute), seconds."""
    if out is None:
        raise ValueError("recon needs an output file: out='rec.h5'")
    if (scan is None) == (sinogram is None):
        raise ValueError("recon needs either scan= (a scan file) or sinogram= (a .npy of sinograms)")
    inputs = {}
    for k, v in (('scan', scan), ('sinogram', sinogram), ('angles', angles), ('darks', darks), ('flats', flats)):
        if v is not None:
            inputs[k] = str(v)
    where = _pop_target(params)
    params['out'] = str(out)
    return submit('tomo.recon', params, inputs, **where)
