# Python 3 peer of checks_daybreak.py: the same quantities from h5py and NumPy, printed as one JSON object.
# Usage: /usr/bin/python3 checks_numpy.py TESTDATA_FOLDER
import json
import sys

import h5py
import numpy as np

root = sys.argv[1]
r = {}

with h5py.File(root + "/nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5", "r") as f:
    d = f["/entry/data/frames"]
    r["saxs_shape"] = list(d.shape)
    r["saxs_dtype"] = str(d.dtype)
    slab = d[0, :, 10:20]
    r["saxs_slab_shape"] = list(slab.shape)
    r["saxs_slab_sum"] = int(slab.sum())
    r["saxs_slab_mean"] = float(slab.mean())
    r["saxs_slab_std"] = float(slab.std())
    r["saxs_slab_max"] = int(slab.max())
    r["saxs_slab_argmax"] = int(slab.argmax())
    r["saxs_steps"] = d[3][::37, ::-97].tolist()  # h5py refuses negative steps: slice after reading
    r["saxs_ellipsis_shape"] = list(d[..., 5].shape)
    r["saxs_ellipsis_sum"] = int(d[..., 5].sum())
    r["saxs_negative"] = d[-1, 100, -10:].tolist()
    r["saxs_axis0_mean"] = d[:, 90:93, 100:103].mean(axis=0).tolist()
    r["saxs_axis2_max"] = d[2, 50:55, :].max(axis=1).tolist()
    r["saxs_units"] = d.attrs["units"].decode() if isinstance(d.attrs["units"], bytes) else str(d.attrs["units"])

with h5py.File(root + "/tomopy/tooth.h5", "r") as f:
    proj = f["/exchange/data"][:, 0, :]
    flat = f["/exchange/data_white"][:, 0, :].mean(axis=0)
    dark = f["/exchange/data_dark"][:, 0, :].mean(axis=0)
    t = (proj - dark) / (flat - dark)
    r["tooth_dtype"] = str(t.dtype)
    r["tooth_t_row"] = t[90, 300:306].tolist()
    r["tooth_t_mean"] = float(t.mean(dtype=np.float64))
    r["tooth_flat_head"] = flat[:5].tolist()
    r["tooth_theta"] = f["/exchange/theta"][:4].tolist()
    r["tooth_std_axis0"] = proj.std(axis=0)[100:104].tolist()

with h5py.File(root + "/savu/i18_test_data.nxs", "r") as f:
    s = f["/entry1/xspress3/AllElementSum"][...].sum(axis=(0, 1))
    r["xrf_window"] = s[690:700].tolist()
    r["xrf_argmax"] = int(s.argmax())

a = np.arange(24).reshape(2, 3, 4)
r["a_ellipsis"] = a[..., 1].tolist()
r["a_steps"] = a[:, ::-1, 1:3].tolist()
r["a_last_every_other"] = a[-1, ::2].tolist()
r["a_broadcast"] = (a + a[0]).tolist()
r["a_column_broadcast"] = (a[0] * np.array([[1], [10], [100]])).tolist()
r["a_times_float_dtype"] = str((a * 1.5).dtype)
r["a_floordiv"] = (a // 5).tolist()
r["a_mod"] = (a % 7).tolist()
r["a_neg_floordiv"] = ((a - 12) // 5).tolist()
r["a_true_div_dtype"] = str((a / 2).dtype)
r["a_count_gt"] = int((a > 10).sum())
r["a_sum_axis1"] = a.sum(axis=1).tolist()
r["a_mean_last"] = a.mean(axis=-1).tolist()
r["a_std_axis0"] = a.std(axis=0).tolist()
r["a_mask"] = a[a > 20].tolist()
r["a_pow"] = (a[0] ** 2).tolist()
r["a_uint8_wrap"] = (a.astype(np.uint8) - np.uint8(5)).tolist()
r["f32_times_scalar_dtype"] = str((np.ones(3, np.float32) * 2.5).dtype)
r["i32_plus_f32_dtype"] = str((np.ones(3, np.int32) + np.ones(3, np.float32)).dtype)
r["u8_plus_i8_dtype"] = str((np.ones(3, np.uint8) + np.ones(3, np.int8)).dtype)
r["i16_plus_f32_dtype"] = str((np.ones(3, np.int16) + np.ones(3, np.float32)).dtype)
r["cmp_dtype"] = str((a < 3).dtype)
r["linspace"] = np.linspace(0, 1, 5).tolist()
r["arange_float"] = np.arange(0, 1, 0.25).tolist()
r["where"] = np.where(a[0] > 5, a[0], -1).tolist()
r["transpose"] = a.transpose(2, 0, 1)[1].tolist()
r["concatenate"] = np.concatenate([a[0], a[1, :2]], axis=0).tolist()
r["concatenate1"] = np.concatenate([a[0], a[1].astype(np.float32)], axis=1).tolist()
r["stack"] = np.stack([a[0, 0], a[1, 2]], axis=1).tolist()
r["fancy_axis1"] = a[:, [2, 0]].tolist()
r["fancy_last"] = a[..., [3, 1, 1]].tolist()
r["fancy_negative"] = a[1, :, [-1, 0]].tolist()
r["fancy_adjacent"] = a[:, 1, [0, 3]].tolist()
r["fancy_first_then_slice"] = a[[1, 0], 2].tolist()
r["fancy_mask_axis"] = a[:, [True, False, True], 1:3].tolist()
r["fancy_newaxis"] = a[None, 0, [2, 1]].tolist()
r["fancy_shape_front"] = list(a[0, :, [1, 2, 3]].shape)
b = a.copy()
b[:, [0, 2]] = -1
b[0, :, [1, 3]] = 100
b[[1], 1] = 7
r["fancy_assign"] = b.tolist()
print(json.dumps(r, sort_keys=True))
