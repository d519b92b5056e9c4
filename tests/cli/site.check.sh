# site defaults (docs/packaging.md, "Site defaults"): a site/plugin_customization.ini written beside the launcher of
# an unpacked product changes the command line's and the scripts' defaults: the device of tomo recon, the colour
# map of plot, the data folders of scripts; daybreak version names the file; a value the site may not hold is one
# line, exit 2, naming the file and the key (sourced by run-cli-tests.sh; the workbench's side is tested by
# tests/org.daybreak.ui.tests SitePreferencesTest)
SD="$WORK/site"; mkdir -p "$SD"
SA=$(ls "$ROOT"/product/org.daybreak.product/target/archives/daybreak-*-linux.gtk.x86_64.tar.gz 2>/dev/null | head -1)
if [ -n "$SA" ] && tar -xzf "$SA" -C "$SD"; then
  D="$SD/daybreak"; SH="$SD/home"
  F="$TESTDATA/nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5"
  P=$($PY -c "
import h5py
f = h5py.File('$F', 'r'); found = []
f.visititems(lambda n, o: found.append(n) if isinstance(o, h5py.Dataset) and o.ndim >= 2 and o.size > 10000 else None)
print('/' + found[0])")
  $PY - "$SD" <<'PY'
import numpy, sys
a = numpy.arange(0, 180, 3.0); x = numpy.arange(32) - 16
numpy.save(sys.argv[1] + "/s.npy", numpy.tile(numpy.maximum(0, 1 - (x / 10.0) ** 2), (len(a), 1)).astype(numpy.float32))
numpy.save(sys.argv[1] + "/a.npy", a)
PY
  printf 'import daybreak\nprint("folders=%%s" %% ";".join(daybreak.data_folders()))\nprint("device=%%s" %% daybreak.jobs._target().device())\n' > "$SD/show.py"
  # without a site file: the built-in defaults
  run env HOME="$SH" "$D/daybreak" version
  grep -qx 'Defaults from built-in defaults: device auto, colour map viridis, data folders none' "$WORK/out" \
    && pass "site: without a site file, daybreak version names the built-in defaults" || fail "site: built-in defaults" "$out"
  run env HOME="$SH" "$D/daybreak" plot "$F" "$P" --out "$SD/default.png"
  run env HOME="$SH" "$D/daybreak" plot "$F" "$P" --colormap magma --out "$SD/magma.png"
  run env HOME="$SH" "$D/daybreak" tomo recon --sinogram "$SD/s.npy" --angles "$SD/a.npy" --out "$SD/r.npy"
  grep -q 'cpu requested' "$WORK/err" && fail "site: without a site file tomo recon asks for device auto" "$err" \
    || pass "site: without a site file tomo recon asks for device auto"
  # the site file
  mkdir -p "$D/site"
  printf '# the facility\norg.daybreak.ui/remote.broker=tcp://broker.site.example:61616\norg.daybreak.ui/jobs.device=cpu\norg.daybreak.plot.ui/image.colormap=magma\norg.daybreak.ui/files.dataFolders=%s;/no/such/folder\n' \
    "$TESTDATA" > "$D/site/plugin_customization.ini"
  run env HOME="$SH" "$D/daybreak" version
  grep -qxF "Defaults from $D/site/plugin_customization.ini: device cpu, colour map magma, data folders $TESTDATA;/no/such/folder" "$WORK/out" \
    && pass "site: daybreak version names the site file and its defaults" || fail "site: daybreak version names the site file" "$out"
  run env HOME="$SH" "$D/daybreak" plot "$F" "$P" --out "$SD/site.png"
  if [ "$code" -eq 0 ] && cmp -s "$SD/site.png" "$SD/magma.png" && ! cmp -s "$SD/site.png" "$SD/default.png"; then
    pass "site: plot without --colormap uses the site's colour map (magma)"
  else fail "site: plot uses the site's colour map" "exit $code; $err"; fi
  run env HOME="$SH" "$D/daybreak" tomo recon --sinogram "$SD/s.npy" --angles "$SD/a.npy" --out "$SD/r.npy"
  [ "$code" -eq 0 ] && grep -q 'on CPU (cpu requested)' "$WORK/err" \
    && pass "site: tomo recon without --device asks for the site's device (cpu)" || fail "site: tomo recon takes the site's device" "exit $code; $err"
  run env HOME="$SH" "$D/daybreak" tomo recon --sinogram "$SD/s.npy" --angles "$SD/a.npy" --out "$SD/r.npy" --device auto
  [ "$code" -eq 0 ] && ! grep -q 'cpu requested' "$WORK/err" \
    && pass "site: --device on the command line wins over the site's" || fail "site: --device wins" "exit $code; $err"
  run env HOME="$SH" "$D/daybreak" run "$SD/show.py"
  grep -qxF "folders=$TESTDATA;/no/such/folder" "$WORK/out" && grep -qx 'device=cpu' "$WORK/out" \
    && pass "site: scripts see the site's data folders and device (daybreak.data_folders(), jobs)" || fail "site: scripts see the site's defaults" "exit $code; $out $err"
  # values the site may not hold
  printf 'org.daybreak.ui/jobs.device=fpga\norg.daybreak.plot.ui/image.colormap=rainbow\n' > "$D/site/plugin_customization.ini"
  run env HOME="$SH" "$D/daybreak" tomo recon --sinogram "$SD/s.npy" --angles "$SD/a.npy" --out "$SD/r.npy"
  expect_one_line_error "site: a device the site may not set is one line, exit 2"
  grep -q "site/plugin_customization.ini: org.daybreak.ui/jobs.device must be cpu, gpu or auto, not 'fpga'" "$WORK/err" \
    && pass "site: the bad device's message names the file and the key" || fail "site: bad device message" "$err"
  run env HOME="$SH" "$D/daybreak" plot "$F" "$P" --out "$SD/x.png"
  expect_one_line_error "site: an unknown colour map in the site file is one line, exit 2"
  grep -q "image.colormap: unknown colour map 'rainbow'" "$WORK/err" && pass "site: the bad colour map's message names the key" \
    || fail "site: bad colour map message" "$err"
  rm -rf "$SD"
else
  fail "site defaults: an unpacked Linux product" "no archive under product/org.daybreak.product/target/archives"
fi
