#!/usr/bin/env bash
# Drives Help > Check for Updates in a product's workbench as a user would, by keyboard (xdotool), for
# tests/cli/update-workbench.check.sh. Runs under an X server (xvfb-run). usage: update-workbench-drive.sh PRODUCT_DIR
# Starts PRODUCT_DIR/daybreak; Alt+H, U (Help > Check for Updates); in p2's "Available Updates" wizard Next, Next,
# accept the licence, Finish; in "Trust Artifacts" Space (trust the unsigned content) and Trust Selected; in
# "Software Updates" (restart?) Restart Now; then waits for the workbench to come back. Prints one line per step
# reached ("STEP ..."), the bundles.info line of org.daybreak.core when the restart is asked, and the org.daybreak.core
# jar the restarted workbench has open; exits 0 when every step was reached. Each step waits for its window by title
# (xwininfo), so a slow machine only takes longer.
P=$1
BI="$P/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
windows() { xwininfo -root -tree 2>/dev/null; }
titled() { windows | grep -qE "^ +0x[0-9a-f]+ \"$1"; }
main_window() { windows | grep -E '^ +0x[0-9a-f]+ "Daybreak[^"]*": .*  1[0-9]{3}x[0-9]{3}\+' | head -1 | awk '{print $1}'; }
await() { # TITLE_REGEX SECONDS: waits for a window of that title while the launcher runs
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    titled "$1" && return 0
    kill -0 $pid 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
finish() {
  echo "windows: $(windows | grep -oE '^ +0x[0-9a-f]+ "[^"]*"' | sed 's/^ *0x[0-9a-f]* //' | sort -u | tr '\n' ' ')"
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
  exit "$1"
}
"$P/daybreak" & pid=$!
await_main() {
  local i w
  for i in $(seq 1 720); do
    w=$(main_window); [ -n "$w" ] && { echo "$w"; return 0; }
    kill -0 $pid 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}
w=$(await_main) || { echo "no workbench window"; finish 1; }
echo "STEP workbench open"
sleep 3 # its parts are still being created
xdotool windowfocus --sync "$w" 2>/dev/null; xdotool mousemove 700 450
xdotool key alt+h; sleep 1; xdotool key u
if ! await "Available Updates" 120; then # the keys may have come before the workbench listened: once more
  xdotool key Escape; sleep 1; xdotool windowfocus "$w" 2>/dev/null; xdotool key alt+h; sleep 1; xdotool key u
  await "Available Updates" 300 || { echo "no Available Updates dialog after Help > Check for Updates"; finish 1; }
fi
echo "STEP Check for Updates found updates (Available Updates)"
# The wizard's pages: Next (Alt+N) to Update Details, Next to Review Licenses, I accept (Alt+A), Finish (Alt+F).
# Pressed in rounds while the wizard is open: a key that arrives while the wizard computes is lost, and the others do
# nothing where they do not apply (Finish is disabled until the licence is accepted; Alt+A is the licence page's only).
sleep 2
for round in $(seq 1 15); do
  titled "Available Updates" || break
  xdotool key alt+n; sleep 2
  titled "Available Updates" || break
  xdotool key alt+a; sleep 1; xdotool key alt+f; sleep 3
done
titled "Available Updates" && { echo "the update wizard did not finish"; finish 1; }
await "Trust Artifacts" 300 || { echo "no Trust Artifacts dialog after Finish"; finish 1; }
echo "STEP installing: p2 asks to trust the unsigned content"
# Space checks the selected row (Unsigned), which enables Trust Selected (Alt+T); again if a key was lost
sleep 2
for round in $(seq 1 10); do
  titled "Trust Artifacts" || break
  xdotool key space; sleep 1; xdotool key alt+t; sleep 5
done
await "Software Updates" 300 || { echo "no restart question after the installation"; finish 1; }
echo "STEP installed: Software Updates asks to restart"
echo "bundles.info: $(grep '^org\.daybreak\.core,' "$BI")"
sleep 1
for round in $(seq 1 10); do
  titled "Software Updates" || break
  xdotool key alt+r; sleep 5 # Restart Now
done
for i in $(seq 1 240); do [ -z "$(main_window)" ] && break; sleep 0.25; done
[ -z "$(main_window)" ] || { echo "the workbench did not close for the restart"; finish 1; }
w=$(await_main) || { echo "the workbench did not come back after Restart Now"; finish 1; }
echo "STEP restarted by the launcher"
sleep 3
child=$(ps -o pid= --ppid $pid | head -1 | tr -d ' ')
echo "running: $(ls -l /proc/$child/fd 2>/dev/null | grep -oE 'org\.daybreak\.core_[^/ ]*\.jar' | sort -u | tr '\n' ' ')"
finish 0
