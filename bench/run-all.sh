#!/usr/bin/env bash
# Runs every benchmark in bench/ one after the other (never in parallel: they compare against peers on the
# same machine in the same run) and leaves their figures in bench/results/. Needs the Python peers from
# Debian (numpy, scipy, h5py, hdf5plugin, scikit-image; tests/run installs them) and, for remote_bench.py,
# the job-system peers redis-server, python3-rq and python3-distributed (not installed by anything here:
# remote_bench.py stops with the apt-get line when they are missing).
set -u
cd "$(dirname "$(readlink -f "$0")")/.."
./daybreak --help >/dev/null || exit 3        # builds the product first if needed, outside the timings
mkdir -p bench/results
# h5py is both a peer and the truth the outputs are compared with: it sees the same controlled HDF5 plugin set as
# the tests (tests/hdf5-plugins.sh), so a machine's extra plugins (Debian's bitshuffle) change neither.
if [ -z "${HDF5_PLUGIN_PATH:-}" ]; then
  HDF5_PLUGIN_PATH=$(tests/hdf5-plugins.sh) || exit 3
  export HDF5_PLUGIN_PATH
  trap 'rm -rf "$HDF5_PLUGIN_PATH"' EXIT
fi
status=0
for b in bench/*_bench.py; do
  echo "== $b"
  /usr/bin/python3 "$b" || { echo "benchmark $b failed" >&2; status=1; }
done
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
} > bench/results/machine.txt
exit $status
