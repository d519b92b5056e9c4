#!/usr/bin/env bash
# Compiles every CUDA C kernel of Daybreak (bundles/*/src/main/java/**/*.cu) to PTX beside its source.
# The PTX is checked in, so machines without nvcc build the same product; the first line of each .ptx records the
# SHA-256 of the .cu it came from, and each capability bundle's tests fail when a .cu changed without this script
# being run again (org.daybreak.gpu.PtxFiles). See docs/gpu.md.
#
# Targets: the PTX must load on Volta (compute capability 7.0) to Hopper (9.0) and on drivers from CUDA 11.0 on.
# nvcc 13 compiles for compute_75 at the lowest and writes PTX ISA 9.0 (which only CUDA 13 drivers read), so the
# header is lowered to ".version 7.0 / .target sm_70" after compiling; the kernels use nothing newer (float
# arithmetic with rounding modes, atomicAdd on float, dp4a: sm_61). ptxas then checks the lowered PTX under
# ISA 7.0 (for sm_75, the oldest target this ptxas knows), so an instruction that ISA lacks fails here, not on a user's GPU.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NVCC=${NVCC:-nvcc}
PTXAS=${PTXAS:-$(dirname "$(command -v "$NVCC")")/ptxas}
command -v "$NVCC" >/dev/null || { echo "build-ptx.sh: nvcc not found (set NVCC=/path/to/nvcc)" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0
while IFS= read -r cu; do
  ptx=${cu%.cu}.ptx
  "$NVCC" -ptx -arch=compute_75 -O3 -o "$TMP/out.ptx" "$cu"
  sed -e 's/^\.version [0-9.]*$/.version 7.0/' -e 's/^\.target sm_[0-9a-z]*$/.target sm_70/' \
      -e '/^\/\/ Compiler Build ID/d' -e '/^\/\/ Based on NVVM/d' -e '/^\/\/ Cuda compilation tools/d' \
      "$TMP/out.ptx" > "$TMP/lowered.ptx"
  sed -e 's/^\.target sm_70$/.target sm_75/' "$TMP/lowered.ptx" > "$TMP/check.ptx"
  if ! "$PTXAS" -arch=sm_75 -o /dev/null "$TMP/check.ptx"; then
    echo "build-ptx.sh: $cu needs a PTX ISA newer than 7.0" >&2
    status=1
    continue
  fi
  { printf '// daybreak-ptx source-sha256 %s\n' "$(sha256sum "$cu" | cut -d' ' -f1)"
    printf '// made by bundles/org.daybreak.gpu/build-ptx.sh from %s with %s; do not edit\n' "${cu##*/}" \
      "$("$NVCC" --version | tail -1)"
    cat "$TMP/lowered.ptx"; } > "$ptx"
  echo "build-ptx.sh: ${ptx#$ROOT/}"
done < <(find "$ROOT/bundles" -path '*/src/main/java/*' -name '*.cu' | sort)
exit $status
