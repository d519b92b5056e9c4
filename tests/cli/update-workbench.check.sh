# updates from the workbench (docs/packaging.md, "Updates through p2"): a product unpacked from the Linux archive gets
# a newer build's p2 repository (tests/cli/p2-newer-build.py) as its one Available Software Site; under Xvfb,
# Help > Check for Updates (p2's update UI, driven by keyboard: tests/cli/update-workbench-drive.sh) finds Daybreak's
# newer feature, installs it, asks to restart, and "Restart Now" brings the workbench back (the launcher starts it
# again) on the new bundles (sourced by run-cli-tests.sh)
VT="$ROOT/product/org.daybreak.product/target"
VW="$WORK/update-workbench"; mkdir -p "$VW"
VA=$(ls "$VT"/archives/daybreak-*-linux.gtk.x86_64.tar.gz 2>/dev/null | head -1)
if ! command -v xdotool >/dev/null 2>&1 || ! command -v xwininfo >/dev/null 2>&1 || ! command -v xvfb-run >/dev/null 2>&1; then
  fail "update from the workbench: Help > Check for Updates" "xdotool, xwininfo or xvfb-run missing (tests/run installs xdotool, x11-utils and xvfb)"
elif [ -n "$VA" ] && [ -s "$VT/repository/content.jar" ] && tar -xzf "$VA" -C "$VW"; then
  VP="$VW/daybreak"
  BI="$VP/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
  v_old=$(sed -n 's/^org\.daybreak\.core,\([^,]*\),.*/\1/p' "$BI")
  { cp -al "$VT/repository" "$VW/newer" 2>/dev/null || { rm -rf "$VW/newer"; cp -r "$VT/repository" "$VW/newer"; }; }
  read -r _ v_new < <($PY "$ROOT/tests/cli/p2-newer-build.py" "$VT/repository" "$VW/newer" 2>"$VW/bump.err")
  # the site as Window > Preferences > Install/Update > Available Software Sites > Add records it: in the preferences
  # of the installation's p2 profile, once for metadata and once for artifacts
  S="$VP/p2/org.eclipse.equinox.p2.engine/profileRegistry/DefaultProfile.profile/.data/.settings"
  KEY=$(printf 'file:%s' "$VW/newer" | tr '/' '_' | sed 's/:/\\:/')
  mkdir -p "$S"
  for kind in metadata:org.eclipse.equinox.internal.p2.metadata.repository.LocalMetadataRepository:content.xml.xz \
              artifact:org.eclipse.equinox.p2.artifact.repository.simpleRepository:artifacts.xml.xz; do
    IFS=: read -r k type suffix <<<"$kind"
    printf '%s\n' "eclipse.preferences.version=1" "repositories/$KEY/enabled=true" "repositories/$KEY/isSystem=false" \
      "repositories/$KEY/name=Daybreak (newer build)" "repositories/$KEY/suffix=$suffix" "repositories/$KEY/type=$type" \
      "repositories/$KEY/uri=file\\:$VW/newer" "repositories/$KEY/version=1.0.0" > "$S/org.eclipse.equinox.p2.$k.repository.prefs"
  done
  HOME="$VW/home" timeout 900 xvfb-run -a -s "-screen 0 1400x900x24" bash "$ROOT/tests/cli/update-workbench-drive.sh" "$VP" \
    >"$VW/drive.log" 2>&1
  dcode=$?
  steps=$(grep -c '^STEP ' "$VW/drive.log")
  if grep -q '^STEP Check for Updates found updates' "$VW/drive.log"; then
    pass "update from the workbench: Help > Check for Updates finds the newer build on the configured site"
  else fail "update from the workbench: Help > Check for Updates finds the newer build" "$(grep -v '^STEP' "$VW/drive.log" | grep -v 'Gtk-\|^$' | tail -3)"; fi
  if grep -q "^bundles.info: org.daybreak.core,$v_new," "$VW/drive.log" && [ -n "${v_new:-}" ]; then
    pass "update from the workbench: it installs the update (org.daybreak.core $v_old -> $v_new in bundles.info) and asks to restart"
  else fail "update from the workbench: it installs the update" "$steps steps; $(grep -E '^(bundles.info|windows|no |the )' "$VW/drive.log" | tail -3) $(tail -2 "$VW/bump.err")"; fi
  if [ $dcode -eq 0 ] && grep -q '^STEP restarted by the launcher' "$VW/drive.log" \
     && grep -q "^running: .*org\.daybreak\.core_$v_new\.jar" "$VW/drive.log" && ! grep -q "^running: .*org\.daybreak\.core_$v_old\.jar" "$VW/drive.log"; then
    pass "update from the workbench: Restart Now brings the workbench back on the new bundles"
  else fail "update from the workbench: Restart Now brings the workbench back on the new bundles" "exit $dcode; $(grep -E '^(running|windows|no |the )' "$VW/drive.log" | tail -3)"; fi
  # (the log's entries: !ENTRY BUNDLE SEVERITY ...; 4 error, 2 warning, 1 information)
  VLOG="$VW/home/.daybreak/workspace/.metadata/.log"
  if grep -qsE '^!ENTRY [^ ]+ 4 |^!ENTRY org\.daybreak[^ ]* 2 ' "$VLOG"; then
    fail "update from the workbench: no errors in the workbench log" "$(grep -A2 -E '^!ENTRY [^ ]+ 4 |^!ENTRY org\.daybreak[^ ]* 2 ' "$VLOG" | head -6)"
  else pass "update from the workbench: no errors in the workbench log, before or after the restart (nor warnings from Daybreak)"; fi
  rm -rf "$VW"
else
  fail "update from the workbench: an unpacked Linux product and the p2 repository" "no archive or repository under $VT"
fi
