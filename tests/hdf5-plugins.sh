#!/usr/bin/env bash
# Makes the HDF5 filter-plugin folder the tests' Python peers run with and prints its path: links to Debian's LZ4,
# bzip2 and Blosc plugins only (the encoders the tests write with), whatever else the machine has installed. A
# plugin outside this set, such as Debian's bitshuffle (filter 32008, LZ4 only, which decodes bitshuffle+zstd
# chunks into garbage and rewrites the parameters of chunks written directly), must never become a test's truth.
# The same list is in bundles/org.daybreak.hdf5/src/test/java/org/daybreak/hdf5/TestSupport.java (TRUSTED_PLUGINS).
# usage: export HDF5_PLUGIN_PATH=$(tests/hdf5-plugins.sh)
set -eu
dir=$(mktemp -d /tmp/daybreak-hdf5-plugins.XXXXXX)
for name in libh5lz4.so libh5bz2.so libH5Zblosc.so; do
  for system in /usr/lib/x86_64-linux-gnu/hdf5/serial/plugins /usr/lib/x86_64-linux-gnu/hdf5/plugins /usr/local/hdf5/lib/plugin; do
    if [ -f "$system/$name" ]; then ln -s "$system/$name" "$dir/$name"; break; fi
  done
done
echo "$dir"
