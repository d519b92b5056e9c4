# updates (docs/packaging.md, "Updates through p2"): a newer build's feature (the build's p2 repository with every
# Daybreak version raised, tests/cli/p2-newer-build.py) is installed headlessly by p2's director into a product unpacked
# from the Linux archive; the updated product runs the new bundles from its command line and opens its workbench, and
# p2's garbage collector then removes the old jars (sourced by run-cli-tests.sh)
UT="$ROOT/product/org.daybreak.product/target"
UW="$WORK/update"; mkdir -p "$UW"
UJAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
UA=$(ls "$UT"/archives/daybreak-*-linux.gtk.x86_64.tar.gz 2>/dev/null | head -1)
if [ -n "$UA" ] && [ -s "$UT/repository/content.jar" ] && tar -xzf "$UA" -C "$UW"; then
  UP="$UW/daybreak"
  old_core=$(ls "$UP/plugins" | sed -n 's/^org\.daybreak\.core_\(.*\)\.jar$/\1/p')
  { cp -al "$UT/repository" "$UW/newer" 2>/dev/null || { rm -rf "$UW/newer"; cp -r "$UT/repository" "$UW/newer"; }; }
  read -r new_feature new_v < <($PY "$ROOT/tests/cli/p2-newer-build.py" "$UT/repository" "$UW/newer" 2>"$UW/bump.err")
  if [ -n "${new_v:-}" ] && ls "$UW/newer/plugins" | grep -q "^org\.daybreak\.core_$new_v\.jar$"; then
    pass "update: a newer build's p2 repository (org.daybreak.core $old_core -> $new_v)"
  else fail "update: a newer build's p2 repository" "$(tail -3 "$UW/bump.err")"; fi
  director() { HOME="$UW/home" timeout 300 "$UJAVA" -jar "$(ls "$UP"/plugins/org.eclipse.equinox.launcher_*.jar | head -1)" \
    -configuration "$UP/configuration" -nosplash "$@" -destination "$UP" -profile DefaultProfile; }
  director -application org.eclipse.equinox.p2.director -repository "file:$UW/newer" \
    -uninstallIU org.daybreak.feature.feature.group -installIU "org.daybreak.feature.feature.group/${new_feature:-}" >"$UW/director.log" 2>&1
  dcode=$?
  BI="$UP/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
  if [ $dcode -eq 0 ] && grep -q "^org.daybreak.core,$new_v," "$BI" && ! grep -q "^org.daybreak.core,$old_core," "$BI" \
     && [ -x "$UP/daybreak" ]; then
    pass "update: p2's director replaces Daybreak's feature by the newer one (bundles.info, launcher kept)"
  else fail "update: p2's director replaces Daybreak's feature" "exit $dcode: $(grep -v '^\s*at ' "$UW/director.log" | tail -4)"; fi
  # p2 leaves the old jars in plugins/ until its garbage collector runs: the command line follows bundles.info
  run env HOME="$UW/home" DAYBREAK_JAVA_OPTS=-XshowSettings:properties "$UP/daybreak" version
  if [ "$code" -eq 0 ] && grep -qx "Daybreak $new_v" "$WORK/out" && grep -qE "^  org\.daybreak\.core +$new_v$" "$WORK/out" \
     && grep -q "org\.daybreak\.core_$new_v\.jar" "$WORK/err" && ! grep -q "org\.daybreak\.core_$old_core\.jar" "$WORK/err" \
     && ls "$UP/plugins" | grep -q "^org\.daybreak\.core_$old_core\.jar$"; then
    pass "update: the updated product's command line runs the new bundles (old jars still in plugins/)"
  else fail "update: the command line runs the new bundles" "exit $code: $(head -3 "$WORK/out") $err"; fi
  $PY -c "
import numpy; a = numpy.arange(0, 180, 3.0); x = numpy.arange(32) - 16
numpy.save('$UW/s.npy', numpy.tile(numpy.maximum(0, 1 - (x / 10.0) ** 2), (len(a), 1)).astype(numpy.float32)); numpy.save('$UW/a.npy', a)"
  run env HOME="$UW/home" "$UP/daybreak" tomo recon --sinogram "$UW/s.npy" --angles "$UW/a.npy" --out "$UW/r.npy"
  [ "$code" -eq 0 ] && [ -s "$UW/r.npy" ] && pass "update: the updated product runs a job (tomo recon)" \
    || fail "update: the updated product runs a job" "exit $code: $err"
  if command -v xwininfo >/dev/null 2>&1 && command -v xvfb-run >/dev/null 2>&1; then
    HOME="$UW/home" xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
      "$1/daybreak" & pid=$!
      for i in $(seq 1 240); do
        if xwininfo -root -tree 2>/dev/null | grep -q "\"Daybreak"; then kill $pid; wait $pid 2>/dev/null; exit 0; fi
        kill -0 $pid 2>/dev/null || exit 1
        sleep 0.25
      done
      kill $pid; exit 1' _ "$UP" >"$UW/gui.log" 2>&1
    if [ $? -eq 0 ] && ! grep -qs "org\.daybreak" "$UW/home/.daybreak/workspace/.metadata/.log"; then
      pass "update: the updated product opens its workbench without errors from Daybreak's bundles"
    else fail "update: the updated product opens its workbench" "$(tail -3 "$UW/gui.log") $(grep -A2 'org\.daybreak' "$UW/home/.daybreak/workspace/.metadata/.log" 2>/dev/null | head -4)"; fi
  else
    fail "update: the updated product opens its workbench" "xwininfo/xvfb-run missing (tests/run installs x11-utils and xvfb)"
  fi
  director -application org.eclipse.equinox.p2.garbagecollector.application >"$UW/gc.log" 2>&1
  if [ $? -eq 0 ] && ! ls "$UP/plugins" | grep -q "^org\.daybreak\.core_$old_core\.jar$" && ls "$UP/plugins" | grep -q "^org\.daybreak\.core_$new_v\.jar$"; then
    pass "update: p2's garbage collector removes the old jars"
  else fail "update: p2's garbage collector removes the old jars" "$(ls "$UP/plugins" | grep daybreak.core) $(tail -3 "$UW/gc.log")"; fi
  rm -rf "$UW"
else
  fail "update: an unpacked Linux product and the p2 repository" "no archive or repository under $UT"
fi
