# branding (docs/packaging.md, "Branding"): the archives carry the checkout's branding/ folder; packing the same
# products with another branding folder (name, archive prefix, icons, splash, About text) gives archives with the other
# name, icons, splash and About text, a macOS application of that name, and a workbench whose window has that title
# and whose splash is the other one
# (sourced by run-cli-tests.sh)
BT="$ROOT/product/org.daybreak.product/target"
BW="$WORK/branding"; mkdir -p "$BW/other"
BVERSION=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' "$ROOT/pom.xml" | head -1)
BJAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
# the default branding travels in the Linux archive as branding/
BL="$BT/archives/daybreak-$BVERSION-linux.gtk.x86_64.tar.gz"
if [ -s "$BL" ] && tar -xzf "$BL" -C "$BW" daybreak/branding 2>/dev/null && diff -r "$ROOT/branding" "$BW/daybreak/branding" >/dev/null; then
  pass "branding: the Linux archive carries the checkout's branding/ folder"
else fail "branding: the Linux archive carries branding/" "$(ls "$BW/daybreak/branding" 2>&1 | head -3)"; fi
# another facility's branding folder
$PY - "$BW/other" <<'PY'
import struct, sys, zlib
def png(path, w, h, rgb):
    raw = b''.join(b'\x00' + bytes(rgb) * w for _ in range(h))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
d = sys.argv[1]
png(d + '/icon16.png', 16, 16, (200, 30, 30)); png(d + '/icon32.png', 32, 32, (200, 30, 30))
png(d + '/splash.png', 320, 160, (20, 90, 160))
open(d + '/branding.properties', 'w').write('name=Beamline Suite\narchive=beamline-suite\n'
    'about=The Example Light Source\'s data analysis suite, built on Daybreak.\n')
PY
mkdir -p "$BW/products/linux/gtk" "$BW/products/macosx/cocoa"
if cp -r "$BT/products/org.daybreak.product/linux/gtk/x86_64" "$BW/products/linux/gtk/" 2>/dev/null \
   && cp -r "$BT/products/org.daybreak.product/macosx/cocoa/aarch64" "$BW/products/macosx/cocoa/" 2>/dev/null \
   && "$BJAVA" "$ROOT/releng/packaging/Package.java" --products "$BW/products" --out "$BW/archives" --version "$BVERSION" \
        --root "$ROOT" --resources "$ROOT/releng/packaging" --branding "$BW/other" \
        --only linux.gtk.x86_64,macosx.cocoa.aarch64 >"$BW/package.log" 2>&1 \
   && [ -s "$BW/archives/beamline-suite-$BVERSION-linux.gtk.x86_64.tar.gz" ] \
   && [ -s "$BW/archives/beamline-suite-$BVERSION-macosx.cocoa.aarch64.tar.gz" ]; then
  pass "branding: another branding folder gives archives named after it (beamline-suite-$BVERSION-...)"
  mkdir -p "$BW/x" && tar -xzf "$BW/archives/beamline-suite-$BVERSION-linux.gtk.x86_64.tar.gz" -C "$BW/x"
  if diff -r "$BW/other" "$BW/x/daybreak/branding" >/dev/null; then
    pass "branding: the archive holds the other name, About text, icons and splash (branding/)"
  else fail "branding: the archive holds the other branding" "$(diff -rq "$BW/other" "$BW/x/daybreak/branding" | head -3)"; fi
  tar -xzf "$BW/archives/beamline-suite-$BVERSION-macosx.cocoa.aarch64.tar.gz" -C "$BW/x" "Beamline Suite.app/Contents/Info.plist" \
    "Beamline Suite.app/Contents/Eclipse/branding/splash.png" 2>/dev/null
  if grep -q '<key>CFBundleName</key><string>Beamline Suite</string>' "$BW/x/Beamline Suite.app/Contents/Info.plist" 2>/dev/null \
     && cmp -s "$BW/other/splash.png" "$BW/x/Beamline Suite.app/Contents/Eclipse/branding/splash.png"; then
    pass "branding: macOS gets 'Beamline Suite.app' with that name in Info.plist and the branding inside"
  else fail "branding: macOS application named after the branding" "$(tar -tzf "$BW/archives/beamline-suite-$BVERSION-macosx.cocoa.aarch64.tar.gz" | head -2)"; fi
  # its icon: Contents/Resources/Beamline Suite.icns made from the other folder's icons (16 and 32 as they are, the
  # larger sizes scaled up from icon32.png), named in Info.plist; the default Daybreak.icns is gone
  tar -xzf "$BW/archives/beamline-suite-$BVERSION-macosx.cocoa.aarch64.tar.gz" -C "$BW/x" "Beamline Suite.app/Contents/Resources" 2>/dev/null
  BICNS="$BW/x/Beamline Suite.app/Contents/Resources/Beamline Suite.icns"
  bicns=$([ -s "$BICNS" ] && $PY "$ROOT/tests/cli/icns-check.py" "$BICNS" "$BW/x/Beamline Suite.app/Contents/Info.plist" \
    icp4="$BW/other/icon16.png" icp5="$BW/other/icon32.png" 2>&1)
  case "$bicns" in
    OK*) if [ "$(ls "$BW/x/Beamline Suite.app/Contents/Resources")" = "Beamline Suite.icns" ]; then
           pass "branding: macOS' application icon is 'Beamline Suite.icns' from the other folder's icons ($bicns)"
         else fail "branding: macOS' application icon" "Resources holds $(ls "$BW/x/Beamline Suite.app/Contents/Resources" | tr '\n' ' ')"; fi ;;
    *) fail "branding: macOS' application icon from the branding" "${bicns:-no Beamline Suite.icns in the archive}" ;;
  esac
  if command -v xwininfo >/dev/null 2>&1 && command -v xvfb-run >/dev/null 2>&1; then
    # the splash: a 320x160 window "Starting Beamline Suite" while the workbench starts, gone once its window is open
    HOME="$BW/home" xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
      "$1/daybreak" & pid=$!
      splash=0
      for i in $(seq 1 480); do
        tree=$(xwininfo -root -tree 2>/dev/null)
        echo "$tree" | grep -qE "\"Starting Beamline Suite[^\"]*\": .* 320x160\+" && splash=1
        # the main window (at its initial size; SWT keeps hidden 200x200 helper windows of the same name)
        if echo "$tree" | grep -qE "\"Beamline Suite[^\"]*\": .*  1[0-9]{3}x[0-9]{3}\+"; then
          [ $splash = 1 ] && echo "splash shown"
          for j in $(seq 1 40); do
            xwininfo -root -tree 2>/dev/null | grep -q "\"Starting Beamline Suite" || { echo "splash closed"; break; }
            sleep 0.25
          done
          kill $pid; wait $pid 2>/dev/null; exit 0
        fi
        kill -0 $pid 2>/dev/null || exit 1
        sleep 0.1
      done
      kill $pid; exit 1' _ "$BW/x/daybreak" >"$BW/gui.log" 2>&1
    [ $? -eq 0 ] && pass "branding: the rebranded workbench's window is titled 'Beamline Suite'" \
      || fail "branding: the rebranded workbench's window title" "$(tail -3 "$BW/gui.log")"
    grep -q "splash shown" "$BW/gui.log" && grep -q "splash closed" "$BW/gui.log" \
      && pass "branding: the branding's splash shows while the workbench starts and closes when its window opens" \
      || fail "branding: the splash shows and closes" "$(tail -3 "$BW/gui.log")"
  else
    fail "branding: the rebranded workbench's window title" "xwininfo/xvfb-run missing (tests/run installs x11-utils and xvfb)"
  fi
  # an icon that is not the size its name says stops the packaging with a line naming it
  mkdir -p "$BW/bad" && cp "$BW/other/branding.properties" "$BW/other/icon16.png" "$BW/bad/" \
    && cp "$BW/other/icon16.png" "$BW/bad/icon32.png"
  "$BJAVA" "$ROOT/releng/packaging/Package.java" --products "$BW/products" --out "$BW/bad-archives" --version "$BVERSION" \
    --root "$ROOT" --resources "$ROOT/releng/packaging" --branding "$BW/bad" --only macosx.cocoa.aarch64 >"$BW/bad.log" 2>&1
  bcode=$?
  if [ $bcode -ne 0 ] && grep -q "icon32.png must be a 32x32 PNG image (it is 16x16)" "$BW/bad.log" \
     && [ ! -e "$BW/bad-archives/beamline-suite-$BVERSION-macosx.cocoa.aarch64.tar.gz" ]; then
    pass "branding: an icon of the wrong size (icon32.png of 16x16) stops the packaging, naming the file"
  else fail "branding: an icon of the wrong size stops the packaging" "exit $bcode: $(grep -v '^\s*at ' "$BW/bad.log" | tail -2)"; fi
else
  fail "branding: packing with another branding folder" "$(tail -3 "$BW/package.log")"
fi
rm -rf "$BW"
