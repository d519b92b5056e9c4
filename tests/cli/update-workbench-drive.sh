#!/usr/bin/env bash
# Drives Help > Check for Updates in a product's workbench as a user would, by keyboard (xdotool), for
# tests/cli/update-workbench.check.sh. Runs under an X server (xvfb-run). usage: update-workbench-drive.sh PRODUCT_DIR
# Starts PRODUCT_DIR/daybreak; Alt+H, U (Help > Check for Updates); in p2's "Available Updates" wizard Next, Next,
# Alt+A (accept the licence), Finish; in "Trust Artifacts" Space (trust the unsigned content) and Return; in "Software
# Updates" (restart?) Return (Restart Now); then waits for the workbench to come back. Prints one line per step
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
await "Available Updates" 300 || { echo "no Available Updates dialog after Help > Check for Updates"; finish 1; }
echo "STEP Check for Updates found updates (Available Updates)"
sleep 2; xdotool key Return # Next: Update Details
sleep 3; xdotool key Return # Next: Review Licenses
sleep 3; xdotool key alt+a  # I accept the terms of the license agreement
sleep 1; xdotool key Return # Finish
await "Trust Artifacts" 300 || { echo "no Trust Artifacts dialog after Finish"; finish 1; }
echo "STEP installing: p2 asks to trust the unsigned content"
sleep 2; xdotool key space  # check the selected row (Unsigned)
sleep 1; xdotool key Return # Trust Selected
await "Software Updates" 300 || { echo "no restart question after the installation"; finish 1; }
echo "STEP installed: Software Updates asks to restart"
echo "bundles.info: $(grep '^org\.daybreak\.core,' "$BI")"
sleep 1; xdotool key Return # Restart Now
for i in $(seq 1 240); do [ -z "$(main_window)" ] && break; sleep 0.25; done
[ -z "$(main_window)" ] || { echo "the workbench did not close for the restart"; finish 1; }
w=$(await_main) || { echo "the workbench did not come back after Restart Now"; finish 1; }
echo "STEP restarted by the launcher"
sleep 3
child=$(ps -o pid= --ppid $pid | head -1 | tr -d ' ')
echo "running: $(ls -l /proc/$child/fd 2>/dev/null | grep -oE 'org\.daybreak\.core_[^/ ]*\.jar' | sort -u | tr '\n' ' ')"
finish 0
