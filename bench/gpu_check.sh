#!/usr/bin/env bash
# The GPU check: Daybreak's GPU tests and GPU benchmarks, run in one call on a machine with an NVIDIA GPU, its
# driver and Python but no Java and no network (docs/gpu.md).
#
#   bench/gpu_check.sh pack [DIR]    here: a jlink-ed Java runtime (Temurin 25), the headless jars the GPU needs
#                                    (PTX inside), the GPU test classes, JUnit and the compiled GpuCheck, as
#                                    DIR/gpu-check.tgz (default DIR: .device/gpu-check); at most 64 MiB
#   bench/gpu_check.sh run [DIR]     anywhere: unpacks DIR/gpu-check.tgz into a temporary folder and runs the tests
#                                    and the benchmarks; writes gpu_tests.json and gpu.json (the format of
#                                    bench/results/gpu.json) to $OUT (default: DIR/out). Without a usable GPU the
#                                    GPU tests are reported NOT RUN with the reason and the benchmarks are skipped.
#   bench/gpu_check.sh verify        here: pack, check the size, run (no GPU here: says so), check the JSON
#
# Options: GPU_CHECK_QUICK=1 runs smaller benchmarks; JAVA_HOME names the JDK whose jlink makes the runtime.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
CMD=${1:-verify}
DIR=${2:-$ROOT/.device/gpu-check}
LIMIT=$((64 * 1024 * 1024))

pack() {
  local jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  local plugins
  plugins=$(ls -d "$ROOT"/product/org.daybreak.product/target/products/*/linux/gtk/x86_64/daybreak/plugins 2>/dev/null | head -1)
  [ -n "$plugins" ] || { echo "gpu_check: build the product first (./mvnw -o -Dmaven.test.skip=true package)" >&2; exit 2; }
  for b in gpu tomo corr; do
    [ -d "$ROOT/bundles/org.daybreak.$b/target/test-classes" ] || {
      echo "gpu_check: compile the tests first: ./mvnw -o -pl releng/org.daybreak.target,bundles/org.daybreak.core,bundles/org.daybreak.hdf5,bundles/org.daybreak.gpu.linux.x86_64,bundles/org.daybreak.gpu,bundles/org.daybreak.tomo,bundles/org.daybreak.corr verify" >&2
      exit 2; }
  done
  local stage
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' RETURN
  mkdir -p "$stage/gpu-check/jars" "$stage/gpu-check/classes"
  # java.logging for JUnit, jdk.unsupported for JLargeArrays (JTransforms' FFT, used by FBP)
  "$jdk/bin/jlink" --add-modules java.base,java.logging,jdk.unsupported --strip-debug --no-header-files \
    --no-man-pages --compress=zip-9 --output "$stage/gpu-check/runtime"
  # Daybreak's bundles as built in their target/ folders (newer than the product when only they were rebuilt),
  # the libraries from the product
  for b in core gpu gpu.linux.x86_64 tomo corr; do
    cp "$ROOT/bundles/org.daybreak.$b/target/org.daybreak.$b-0.1.0-SNAPSHOT.jar" "$stage/gpu-check/jars/"
  done
  for p in org.jcuda_ wrapped.com.github.wendykierp.JTransforms_ wrapped.org.visnow.JLargeArrays_ \
           org.apache.commons.math3_; do
    cp "$plugins"/$p*.jar "$stage/gpu-check/jars/"
  done
  local m2=$HOME/.m2/repository
  for j in org/junit/jupiter/junit-jupiter-api/5.14.4/junit-jupiter-api-5.14.4.jar \
           org/junit/jupiter/junit-jupiter-engine/5.14.4/junit-jupiter-engine-5.14.4.jar \
           org/junit/platform/junit-platform-engine/1.14.4/junit-platform-engine-1.14.4.jar \
           org/junit/platform/junit-platform-commons/1.14.4/junit-platform-commons-1.14.4.jar \
           org/junit/platform/junit-platform-launcher/1.14.4/junit-platform-launcher-1.14.4.jar \
           org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar \
           org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar; do
    cp "$m2/$j" "$stage/gpu-check/jars/"
  done
  for b in gpu tomo corr; do
    (cd "$ROOT/bundles/org.daybreak.$b/target/test-classes" && "$jdk/bin/jar" cf "$stage/gpu-check/jars/$b-tests.jar" .)
  done
  "$jdk/bin/javac" -nowarn --release 21 -d "$stage/gpu-check/classes" -cp "$stage/gpu-check/jars/*" \
    "$ROOT/bench/gpu/GpuCheck.java"
  mkdir -p "$DIR"
  tar -C "$stage" -czf "$DIR/gpu-check.tgz" gpu-check
  local size
  size=$(stat -c %s "$DIR/gpu-check.tgz")
  echo "gpu_check: packed $DIR/gpu-check.tgz: $((size / 1024 / 1024)) MiB ($size bytes)"
  [ "$size" -le "$LIMIT" ] || { echo "gpu_check: the pack is over 64 MiB" >&2; exit 1; }
}

run_check() {
  local out=${OUT:-$DIR/out} tmp
  [ -f "$DIR/gpu-check.tgz" ] || { echo "gpu_check: $DIR/gpu-check.tgz is missing: run bench/gpu_check.sh pack" >&2; exit 2; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  tar -C "$tmp" -xzf "$DIR/gpu-check.tgz"
  mkdir -p "$out"
  local g=$tmp/gpu-check
  "$g/runtime/bin/java" -version 2>&1 | head -1
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
  set +e
  "$g/runtime/bin/java" -Xmx48g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$g/classes:$g/jars/*" GpuCheck "$out" ${GPU_CHECK_QUICK:+quick} 2>&1 | tee "$out/gpu_check.log"
  local rc=${PIPESTATUS[0]}
  set -e
  echo "gpu_check: exit $rc; results in $out"
  return "$rc"
}

case "$CMD" in
  pack) pack ;;
  run) run_check ;;
  verify)
    pack
    OUT=$(mktemp -d) run_check_out=1
    export OUT
    run_check
    python3 - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/gpu.json")); t = json.load(open(sys.argv[1] + "/gpu_tests.json"))
usable = d["gpu_status"]["status"] == "usable"
not_run = [r for r in t["results"] if r["status"] == "not_run"]
assert t["failed"] == 0, t
assert usable or ("benchmarks" in d and d["benchmarks"].startswith("NOT RUN")), d
assert usable or all(r["reason"] and "NOT RUN" in r["reason"] for r in not_run if "Gpu" in r["test"]), not_run
print("gpu_check verify: runtime starts, %d passed, %d not run (%s)" % (t["passed"], t["not_run"],
      "GPU usable" if usable else "no GPU: " + d["gpu_status"]["reason"]))
PY
    rm -rf "$OUT" ;;
  *) echo "usage: bench/gpu_check.sh pack|run|verify [DIR]" >&2; exit 2 ;;
esac
