# Jython peer of checks_numpy.py: the same quantities through the daybreak module.
import json
import sys

import daybreak

root = sys.argv[1]
r = {}

f = daybreak.load(root + "/nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5")
d = f["/entry/data/frames"]
r["saxs_shape"] = list(d.shape)
r["saxs_dtype"] = d.dtype
slab = d[0, :, 10:20]
r["saxs_slab_shape"] = list(slab.shape)
r["saxs_slab_sum"] = slab.sum()
r["saxs_slab_mean"] = slab.mean()
r["saxs_slab_std"] = slab.std()
r["saxs_slab_max"] = slab.max()
r["saxs_slab_argmax"] = slab.argmax()
r["saxs_steps"] = d[3, ::37, ::-97].tolist()
r["saxs_ellipsis_shape"] = list(d[..., 5].shape)
r["saxs_ellipsis_sum"] = d[..., 5].sum()
r["saxs_negative"] = d[-1, 100, -10:].tolist()
r["saxs_axis0_mean"] = d[:, 90:93, 100:103].mean(axis=0).tolist()
r["saxs_axis2_max"] = d[2, 50:55, :].max(axis=1).tolist()
r["saxs_units"] = str(d.attrs["units"])
f.close()

f = daybreak.load(root + "/tomopy/tooth.h5")
proj = f["/exchange/data"][:, 0, :]
flat = f["/exchange/data_white"][:, 0, :].mean(axis=0)
dark = f["/exchange/data_dark"][:, 0, :].mean(axis=0)
t = (proj - dark) / (flat - dark)
r["tooth_dtype"] = t.dtype
r["tooth_t_row"] = t[90, 300:306].tolist()
r["tooth_t_mean"] = t.mean()
r["tooth_flat_head"] = flat[:5].tolist()
r["tooth_theta"] = f["/exchange/theta"][:4].tolist()
r["tooth_std_axis0"] = proj.std(axis=0)[100:104].tolist()

f = daybreak.load(root + "/savu/i18_test_data.nxs")
s = f["/entry1/xspress3/AllElementSum"][...].sum(axis=(0, 1))
r["xrf_window"] = s[690:700].tolist()
r["xrf_argmax"] = s.argmax()

a = daybreak.arange(24).reshape(2, 3, 4)
r["a_ellipsis"] = a[..., 1].tolist()
r["a_steps"] = a[:, ::-1, 1:3].tolist()
r["a_last_every_other"] = a[-1, ::2].tolist()
r["a_broadcast"] = (a + a[0]).tolist()
r["a_column_broadcast"] = (a[0] * daybreak.array([[1], [10], [100]])).tolist()
r["a_times_float_dtype"] = (a * 1.5).dtype
r["a_floordiv"] = (a // 5).tolist()
r["a_mod"] = (a % 7).tolist()
r["a_neg_floordiv"] = ((a - 12) // 5).tolist()
r["a_true_div_dtype"] = (a / 2).dtype
r["a_count_gt"] = (a > 10).sum()
r["a_sum_axis1"] = a.sum(axis=1).tolist()
r["a_mean_last"] = a.mean(axis=-1).tolist()
r["a_std_axis0"] = a.std(axis=0).tolist()
r["a_mask"] = a[a > 20].tolist()
r["a_pow"] = (a[0] ** 2).tolist()
r["a_uint8_wrap"] = (a.astype('uint8') - 5).tolist()
r["f32_times_scalar_dtype"] = (daybreak.ones(3, 'float32') * 2.5).dtype
r["i32_plus_f32_dtype"] = (daybreak.ones(3, 'int32') + daybreak.ones(3, 'float32')).dtype
r["u8_plus_i8_dtype"] = (daybreak.ones(3, 'uint8') + daybreak.ones(3, 'int8')).dtype
r["i16_plus_f32_dtype"] = (daybreak.ones(3, 'int16') + daybreak.ones(3, 'float32')).dtype
r["cmp_dtype"] = (a < 3).dtype
r["linspace"] = daybreak.linspace(0, 1, 5).tolist()
r["arange_float"] = daybreak.arange(0, 1, 0.25).tolist()
r["where"] = daybreak.where(a[0] > 5, a[0], -1).tolist()
r["transpose"] = a.transpose(2, 0, 1)[1].tolist()
r["concatenate"] = daybreak.concatenate([a[0], a[1, :2]], axis=0).tolist()
r["concatenate1"] = daybreak.concatenate([a[0], a[1].astype("float32")], axis=1).tolist()
r["stack"] = daybreak.stack([a[0, 0], a[1, 2]], axis=1).tolist()
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
print json.dumps(r, sort_keys=True)
