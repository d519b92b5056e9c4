# packaging (docs/packaging.md): the desktop archives (Linux x86_64, Windows x86_64, macOS aarch64), the worker archive, the SBOMs (target/archives) and the
# p2 repository (target/repository) that one build lays under product/org.daybreak.product; their contents (only Linux can run here, the others are
# checked by what they hold), reproducibility of the packaging step, the worker archive against a broker, the
# example facility plug-in installed from the p2 repository by p2's director, and site defaults
# (sourced by run-cli-tests.sh)
PT="$ROOT/product/org.daybreak.product/target"
PK="$WORK/packaging"; mkdir -p "$PK"
VERSION=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' "$ROOT/pom.xml" | head -1)
JAVA_BIN="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

# --- what the build lays down
missing=""
for f in daybreak-$VERSION-linux.gtk.x86_64.tar.gz daybreak-$VERSION-win32.win32.x86_64.zip \
         daybreak-$VERSION-macosx.cocoa.aarch64.tar.gz daybreak-worker-$VERSION-linux-x86_64.tar.gz; do
  [ -s "$PT/archives/$f" ] || missing="$missing $f"
  [ -s "$PT/archives/$f.cdx.json" ] || missing="$missing $f.cdx.json"
done
[ -s "$PT/repository/content.jar" ] && [ -s "$PT/repository/artifacts.jar" ] || missing="$missing repository/"
[ -z "$missing" ] && pass "the build lays the desktop archives (Linux x86_64, Windows x86_64, macOS aarch64), the worker archive, an SBOM for each and the p2 repository" \
  || fail "archives, SBOMs and p2 repository under product/org.daybreak.product/target" "missing:$missing"

# --- each archive holds its own platform's SWT fragment and launcher, and nothing it does not use
list_archive() { # archive -> entry names on stdout
  case "$1" in *.zip) unzip -Z1 "$1" ;; *) tar -tzf "$1" ;; esac
}
for pf in linux.gtk.x86_64 win32.win32.x86_64 macosx.cocoa.aarch64; do
  a=$(ls "$PT"/archives/daybreak-$VERSION-$pf.* 2>/dev/null | grep -v cdx.json | head -1)
  [ -n "$a" ] || { fail "$pf archive contents" "no archive"; continue; }
  list_archive "$a" > "$PK/$pf.list"
  swt=$(grep -oE 'plugins/org\.eclipse\.swt\.(gtk|win32|cocoa)\.[a-z0-9]+\.[a-z0-9_]+_' "$PK/$pf.list" | sort -u | sed 's#plugins/org.eclipse.swt.##; s#_$##')
  IFS=. read -r os ws arch <<<"$pf"
  want=$ws.$os.$arch   # fragments are named ws.os.arch
  case $os in macosx) home=Daybreak.app/Contents/Eclipse ;; *) home=daybreak ;; esac
  [ "$swt" = "$want" ] && pass "$pf: only its own SWT fragment ($want)" || fail "$pf: only its own SWT fragment" "found: $swt"
  others=$(grep -E 'equinox\.launcher\.[a-z0-9]+\.' "$PK/$pf.list" | grep -v "launcher\.${want}_" | head -3)
  [ -z "$others" ] && pass "$pf: no other platform's launcher fragment" || fail "$pf: no other platform's launcher fragment" "$others"
  grep -qx "$home/THIRD-PARTY.txt" "$PK/$pf.list" && grep -qx "$home/version.properties" "$PK/$pf.list" \
    && pass "$pf: THIRD-PARTY.txt and version.properties inside" || fail "$pf: THIRD-PARTY.txt and version.properties inside"
  unused=$(grep -iE '(\.source_|-sources\.jar|/org\.junit|/junit|opentest4j|apiguardian|\.tests?_)' "$PK/$pf.list" | head -3)
  [ -z "$unused" ] && pass "$pf: no test jars or sources" || fail "$pf: no test jars or sources" "$unused"
  dups=$(grep -oE "^$home/plugins/[^/]+" "$PK/$pf.list" | sort -u | sed 's#.*/##; s#_[0-9].*##' | sort | uniq -d | head -3)
  [ -z "$dups" ] && pass "$pf: no library twice (in different versions)" || fail "$pf: no library twice" "$dups"
done
# the launchers: Linux's bash script, Windows' .cmd (javaw, Equinox launcher, the headless class path), macOS' .app
grep -qx 'daybreak/daybreak' "$PK/linux.gtk.x86_64.list" && pass "linux.gtk.x86_64: the daybreak launcher script at the root" \
  || fail "linux.gtk.x86_64: daybreak at the root"
unzip -p "$PT/archives/daybreak-$VERSION-win32.win32.x86_64.zip" daybreak/daybreak.cmd > "$PK/daybreak.cmd" 2>/dev/null
if grep -q 'javaw' "$PK/daybreak.cmd" && grep -q 'org.eclipse.equinox.launcher_\*.jar' "$PK/daybreak.cmd" \
   && grep -q 'org.daybreak.cli.Main' "$PK/daybreak.cmd" && grep -q $'\r$' "$PK/daybreak.cmd" \
   && ! grep -q 'XstartOnFirstThread' "$PK/daybreak.cmd"; then
  pass "win32: daybreak.cmd starts the workbench with javaw and the command line with java (CRLF lines)"
else fail "win32: daybreak.cmd" "$(head -c 300 "$PK/daybreak.cmd")"; fi
for arch in aarch64; do
  a="$PT/archives/daybreak-$VERSION-macosx.cocoa.$arch.tar.gz"
  tar -xzf "$a" -C "$PK" Daybreak.app/Contents/Info.plist Daybreak.app/Contents/MacOS/daybreak Daybreak.app/Contents/Eclipse/daybreak 2>/dev/null
  mode=$(tar -tvzf "$a" Daybreak.app/Contents/MacOS/daybreak 2>/dev/null | cut -c1-10)
  if grep -q '<string>daybreak</string>' "$PK/Daybreak.app/Contents/Info.plist" 2>/dev/null && [ "$mode" = "-rwxr-xr-x" ] \
     && grep -q -- '-XstartOnFirstThread' "$PK/Daybreak.app/Contents/Eclipse/daybreak" \
     && grep -q 'Eclipse/daybreak\|\$ECLIPSE/daybreak' "$PK/Daybreak.app/Contents/MacOS/daybreak"; then
    pass "macosx.$arch: Daybreak.app (Info.plist, executable script) starts Contents/Eclipse/daybreak with -XstartOnFirstThread"
  else fail "macosx.$arch: Daybreak.app" "mode $mode"; fi
  # the application icon: Contents/Resources/Daybreak.icns from the branding's icons, named in Info.plist
  tar -xzf "$a" -C "$PK" Daybreak.app/Contents/Resources/Daybreak.icns 2>/dev/null
  if [ -s "$PK/Daybreak.app/Contents/Resources/Daybreak.icns" ]; then
    icns=$($PY "$ROOT/tests/cli/icns-check.py" "$PK/Daybreak.app/Contents/Resources/Daybreak.icns" "$PK/Daybreak.app/Contents/Info.plist" \
      icp4="$ROOT/branding/icon16.png" icp5="$ROOT/branding/icon32.png" ic09="$ROOT/branding/icon512.png" 2>&1)
    case "$icns" in OK*) pass "macosx.$arch: Daybreak.app has its icon, Contents/Resources/Daybreak.icns from branding/ ($icns), named by Info.plist" ;;
      *) fail "macosx.$arch: Daybreak.icns" "$icns" ;; esac
  else fail "macosx.$arch: Daybreak.icns" "no Daybreak.app/Contents/Resources/Daybreak.icns in the archive"; fi
  rm -rf "$PK/Daybreak.app"
done

# --- provenance: SBOMs name every bundled library with a licence; THIRD-PARTY lists them; the build's version
sbom_ok=$($PY - "$PT/archives" <<'EOF'
import json, sys, glob, os
bad = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.cdx.json'))):
    b = json.load(open(f))
    comps = b['components']
    if b['bomFormat'] != 'CycloneDX' or not comps:
        bad.append(os.path.basename(f) + ': not a CycloneDX BOM')
    for c in comps:
        if not c['name'].startswith('org.daybreak.') and not c.get('licenses'):
            bad.append(os.path.basename(f) + ': ' + c['name'] + ' has no licence')
    if not any(c['name'] == 'org.daybreak.core' for c in comps):
        bad.append(os.path.basename(f) + ': no org.daybreak.core')
print('OK' if not bad else '; '.join(bad[:4]))
EOF
)
[ "$sbom_ok" = OK ] && pass "each SBOM is CycloneDX JSON naming every library with its licence" || fail "SBOMs" "$sbom_ok"

# --- reproducible: packing the same product folders again gives byte-identical archives (with the build's git
# describe and date, which a commit made since the build would change)
VP="$PT/products/org.daybreak.product/linux/gtk/x86_64/daybreak/version.properties"
B_DESCRIBE=$(sed -n 's/^git.describe=//p' "$VP"); B_EPOCH=$(date -d "$(sed -n 's/^build.date=//p' "$VP")" +%s)
# (./daybreak's Linux-only rebuilds leave the other platforms' folders out: Windows is packed again when it is there)
AGAIN="linux.gtk.x86_64 worker"
[ -d "$PT/products/org.daybreak.product/win32/win32/x86_64" ] && AGAIN="$AGAIN win32.win32.x86_64"
same=""; differ=""
if SOURCE_DATE_EPOCH=$B_EPOCH "$JAVA_BIN" "$ROOT/releng/packaging/Package.java" --describe "$B_DESCRIBE" \
     --products "$PT/products/org.daybreak.product" --out "$PK/again" --version "$VERSION" --root "$ROOT" \
     --resources "$ROOT/releng/packaging" --only "${AGAIN// /,}" >"$PK/again.log" 2>&1; then
  for f in $(cd "$PK/again" && ls daybreak-*.tar.gz daybreak-*.zip daybreak-*.cdx.json 2>/dev/null); do
    if cmp -s "$PK/again/$f" "$PT/archives/$f"; then same="$same $f"; else differ="$differ $f"; fi
  done
fi
[ -n "$same" ] && [ -z "$differ" ] && pass "packing again gives byte-identical archives and SBOMs ($AGAIN)" \
  || fail "packing again gives byte-identical archives" "differ:$differ; $(tail -3 "$PK/again.log")"
rm -rf "$PK/again"
# the p2 repository: a copy changed the ways another build of the same commit changes it (tests/cli/p2-rebuilt.py:
# p2.timestamp, hash-order capabilities, the root files' zips' entry times, the date of p2.index), normalised by the
# packaging step with the build's date, is the build's repository again, byte for byte, and so is its zip
RZ="$PT/org.daybreak.product-$VERSION.zip"
rm -rf "$PK/repo"
if [ -s "$PT/repository/content.jar" ] && { cp -al "$PT/repository" "$PK/repo" 2>/dev/null || cp -r "$PT/repository" "$PK/repo"; } \
   && cp "$RZ" "$PK/repo.zip" 2>/dev/null; then
  nchanged=$($PY "$ROOT/tests/cli/p2-rebuilt.py" "$PT/repository" "$PK/repo" 2>"$PK/rebuilt.err")
  SOURCE_DATE_EPOCH=$B_EPOCH "$JAVA_BIN" "$ROOT/releng/packaging/Package.java" --describe "$B_DESCRIBE" \
     --products "$PT/products/org.daybreak.product" --out "$PK/again" --version "$VERSION" --root "$ROOT" \
     --resources "$ROOT/releng/packaging" --only none --repository "$PK/repo" --repository-zip "$PK/repo.zip" >"$PK/repo.log" 2>&1
  rdiff=$(diff -rq "$PT/repository" "$PK/repo" 2>&1 | head -3)
  if [ "${nchanged:-0}" -ge 8 ] && [ -z "$rdiff" ] && cmp -s "$RZ" "$PK/repo.zip"; then
    pass "the p2 repository of another build of the same commit is byte-identical after packaging ($nchanged files differed before), and so is its zip; its root files' checksums hold"
  else fail "the p2 repository is reproducible" "files changed by p2-rebuilt.py: ${nchanged:-none} $(tail -2 "$PK/rebuilt.err"); differ: $rdiff $(cmp "$RZ" "$PK/repo.zip" 2>&1); $(tail -2 "$PK/repo.log")"; fi
else fail "the p2 repository is reproducible" "no repository or no $RZ"; fi
rm -rf "$PK/repo" "$PK/repo.zip" "$PK/again"

# --- the worker archive: headless, documented, runs a job against a broker
mkdir -p "$PK/w" && tar -xzf "$PT/archives/daybreak-worker-$VERSION-linux-x86_64.tar.gz" -C "$PK/w"
W="$PK/w/daybreak-worker"
if [ -x "$W/daybreak" ] && [ -s "$W/README.md" ] && grep -q '^ExecStart=.*daybreak worker' "$W/systemd/daybreak-worker.service" \
   && ! ls "$W/plugins" | grep -qE '^org\.eclipse\.|swt|\.ui_'; then
  pass "worker archive: launcher, README, systemd unit, no SWT, Eclipse or workbench bundle"
else fail "worker archive contents" "$(ls "$W" "$W/plugins" | head -20 | tr '\n' ' ')"; fi
run env HOME="$PK/whome" "$W/daybreak" worker --help
[ "$code" -eq 0 ] && grep -q 'Usage: daybreak worker' "$WORK/out" && pass "unpacked worker archive: daybreak worker --help" \
  || fail "unpacked worker archive: daybreak worker --help" "exit $code: $(head -c 300 "$WORK/err")"
run env HOME="$PK/whome" "$W/daybreak" version
grep -qE "^Build $VERSION \(.+\), [0-9]{4}-[0-9]{2}-[0-9]{2}T" "$WORK/out" && pass "daybreak version names the build (git describe, build date)" \
  || fail "daybreak version names the build" "$(head -3 "$WORK/out")"
run env HOME="$PK/whome" "$W/daybreak" gui
[ "$code" -eq 3 ] && pass "worker archive: gui refuses with one line" || fail "worker archive: gui refuses" "exit $code: $err"
WB="$PK/wbroker"; mkdir -p "$WB"
HOME="$PK/whome" "$DAYBREAK" broker --data "$WB" --port 0 >"$PK/wbroker.out" 2>&1 &
WB_PID=$!
for i in $(seq 1 150); do grep -q "^broker ready at " "$PK/wbroker.out" 2>/dev/null && break; sleep 0.2; done
WURL=$(sed -n 's/^broker ready at //p' "$PK/wbroker.out")
HOME="$PK/whome" "$W/daybreak" worker --broker "$WURL" --user admin --password-file "$WB/admin.password" --name archive-worker \
  --threads 1 >"$PK/worker.log" 2>&1 &
WW_PID=$!
run env HOME="$PK/whome" timeout 120 "$DAYBREAK" jobs submit --broker "$WURL" --user admin --password-file "$WB/admin.password" \
  --kind core.echo --params '{"packaged": true}' --wait --json
if [ "$code" -eq 0 ] && grep -q '"worker":"archive-worker"' "$WORK/out" && grep -q '"packaged":true' "$WORK/out"; then
  pass "a worker unpacked from the worker archive runs a job from a broker"
else fail "worker archive runs a job from a broker" "exit $code: $(head -c 300 "$WORK/out") $(tail -3 "$PK/worker.log")"; fi
kill $WW_PID 2>/dev/null; wait $WW_PID 2>/dev/null; kill $WB_PID 2>/dev/null; wait $WB_PID 2>/dev/null

# --- the example facility plug-in, installed from the p2 repository into an unpacked product by p2's director
mkdir -p "$PK/p" && tar -xzf "$PT/archives/daybreak-$VERSION-linux.gtk.x86_64.tar.gz" -C "$PK/p"
P="$PK/p/daybreak"
HOME="$PK/phome" timeout 300 "$JAVA_BIN" -jar "$(ls "$P"/plugins/org.eclipse.equinox.launcher_*.jar | head -1)" \
  -configuration "$P/configuration" -application org.eclipse.equinox.p2.director -nosplash \
  -repository "file:$PT/repository" -installIU org.daybreak.example.facility.feature.feature.group \
  -destination "$P" -profile DefaultProfile >"$PK/director.log" 2>&1
dcode=$?
if [ $dcode -eq 0 ] && ls "$P/plugins" | grep -q '^org.daybreak.example.facility_' \
   && grep -q '^org.daybreak.example.facility,' "$P/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"; then
  pass "p2 director installs the example facility feature from the p2 repository into an unpacked product"
else fail "p2 director installs the example facility feature" "exit $dcode: $(grep -v '^\s*at ' "$PK/director.log" | tail -4)"; fi
run env HOME="$PK/phome" "$P/daybreak" jobs kinds
grep -q 'facility.inventory' "$WORK/out" && pass "the installed plug-in's job kind is listed by daybreak jobs kinds" \
  || fail "installed job kind listed" "exit $code: $(head -c 300 "$WORK/err")"

# --- site defaults beside the product, and the workbench of the installed product starts (time to first window)
mkdir -p "$P/site"
printf 'org.daybreak.ui/remote.broker=tcp://broker.site.example:61616\n' > "$P/site/plugin_customization.ini"
if command -v xwininfo >/dev/null 2>&1 && command -v xvfb-run >/dev/null 2>&1; then
  HOME="$PK/phome" xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
    t0=$(date +%s%N)
    "$1/daybreak" & pid=$!
    for i in $(seq 1 240); do
      if xwininfo -root -tree 2>/dev/null | grep -q "\"Daybreak"; then
        echo "first window after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
        # (the launcher runs Java as its child, to start it again when the workbench asks to restart)
        ps -o args= --ppid $pid 2>/dev/null | grep -q -- "-pluginCustomization $1/site/plugin_customization.ini" && echo "site defaults passed"
        kill $pid; wait $pid 2>/dev/null; exit 0
      fi
      kill -0 $pid 2>/dev/null || exit 1
      sleep 0.25
    done
    kill $pid; exit 1' _ "$P" >"$PK/gui.log" 2>&1
  gcode=$?
  if [ $gcode -eq 0 ]; then pass "the product with the installed plug-in opens its window ($(grep -o 'first window after [0-9]* ms' "$PK/gui.log"))"
  else fail "the product with the installed plug-in opens its window" "$(tail -5 "$PK/gui.log")"; fi
  grep -q "site defaults passed" "$PK/gui.log" && pass "the launcher applies site/plugin_customization.ini (-pluginCustomization)" \
    || fail "the launcher applies site/plugin_customization.ini" "$(tail -3 "$PK/gui.log")"
  if grep -rqs "example.facility" "$PK/phome/.daybreak/workspace/.metadata/.log"; then
    fail "the installed plug-in starts without errors" "$(grep -A3 example.facility "$PK/phome/.daybreak/workspace/.metadata/.log" | head -5)"
  else pass "the installed plug-in starts without errors in the workbench log"; fi
else
  fail "the product with the installed plug-in opens its window" "xwininfo/xvfb-run missing (tests/run installs x11-utils and xvfb)"
fi
