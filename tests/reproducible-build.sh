#!/usr/bin/env bash
# Reproducible builds (docs/packaging.md, "Provenance"), the check to run before a release: two complete builds of the
# checkout's commit, one after the other in this folder (`./mvnw clean package`, tests skipped), and every file they
# lay under product/org.daybreak.product/target (the archives, the SBOMs, the p2 repository and its zip) compared byte
# for byte. Not part of tests/run: it costs two full builds (about 2-5 minutes each). The checkout must have no
# uncommitted changes (a changed folder's bundles take the build's clock as their qualifier, and git describe says
# -dirty). Extra arguments go to Maven (e.g. -o for offline). Exit 0 when all are identical, 1 when some differ.
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT" || exit 2
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "reproducible-build.sh: the checkout has uncommitted changes; commit them first (git status)" >&2
  exit 2
fi
T=product/org.daybreak.product/target
FIRST=$(mktemp -d /tmp/daybreak-reproducible.XXXXXX)
trap 'rm -rf "$FIRST"' EXIT
build() {
  local t0=$SECONDS
  ./mvnw -B -q -Dmaven.test.skip=true "$@" clean package >"$FIRST/build.log" 2>&1 \
    || { echo "reproducible-build.sh: the build failed:" >&2; tail -20 "$FIRST/build.log" >&2; exit 2; }
  echo "build of $(git describe --tags --always --dirty): $((SECONDS - t0)) s"
}
files() { (cd "$1" && find archives repository -type f | sort && ls org.daybreak.product-*.zip); }
build "$@"
cp -al "$T/archives" "$T/repository" "$T"/org.daybreak.product-*.zip "$FIRST/" # hard links: clean unlinks, never rewrites
build "$@"
same=0; differ=0
if ! diff <(files "$FIRST") <(files "$T") >"$FIRST/names.diff"; then
  echo "the two builds lay different files:"; head -20 "$FIRST/names.diff"; differ=1
fi
while read -r f; do
  if cmp -s "$FIRST/$f" "$T/$f"; then same=$((same + 1)); else differ=$((differ + 1)); echo "differs: $f"; fi
done < <(files "$FIRST")
echo "$same files identical, $differ differ"
[ "$differ" -eq 0 ]
