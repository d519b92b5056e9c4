# Checks a macOS application icon (.icns) the packaging step wrote, for tests/cli/packaging.check.sh and
# branding.check.sh: the magic 'icns', the file's big-endian length equal to its size, entries of a 4-character type and
# a big-endian length (header included) that add up to the file exactly, each entry a PNG image (signature, IHDR) of
# the size its type stands for (icp4 16, icp5 32, ic07 128, ic08 256, ic09 512), all five present; and that the
# application's Info.plist names the file in CFBundleIconFile.
# usage: icns-check.py ICNS INFO_PLIST [TYPE=PNG_FILE ...]: each TYPE=PNG_FILE says that entry must hold that file's
# bytes exactly. Prints "OK ..." or one line saying what is wrong.
import os, struct, sys
SIZES = {b'icp4': 16, b'icp5': 32, b'ic07': 128, b'ic08': 256, b'ic09': 512}

def check(path, plist, expected):
    data = open(path, 'rb').read()
    if data[:4] != b'icns':
        return 'no icns magic: %r' % data[:4]
    total, = struct.unpack('>I', data[4:8])
    if total != len(data):
        return 'header length %d, file %d bytes' % (total, len(data))
    at, entries = 8, {}
    while at < len(data):
        if at + 8 > len(data):
            return 'a truncated entry header at %d' % at
        kind, length = data[at:at + 4], struct.unpack('>I', data[at + 4:at + 8])[0]
        if length < 8 or at + length > len(data):
            return 'entry %r at %d claims %d bytes, past the end' % (kind, at, length)
        png = data[at + 8:at + length]
        if png[:8] != b'\x89PNG\r\n\x1a\n' or png[12:16] != b'IHDR':
            return 'entry %r is not a PNG image' % kind
        w, h = struct.unpack('>II', png[16:24])
        if kind in SIZES and (w, h) != (SIZES[kind], SIZES[kind]):
            return 'entry %r is %dx%d, its type stands for %d' % (kind, w, h, SIZES[kind])
        entries[kind] = png
        at += length
    missing = [k.decode() for k in SIZES if k not in entries]
    if missing:
        return 'no entries ' + ', '.join(missing)
    for kind, png_file in expected.items():
        if entries.get(kind) != open(png_file, 'rb').read():
            return 'entry %s does not hold %s byte for byte' % (kind.decode(), png_file)
    text = open(plist, encoding='utf-8').read()
    name = os.path.basename(path).replace('&', '&amp;')
    if '<key>CFBundleIconFile</key><string>%s</string>' % name not in text:
        return 'Info.plist does not name %s in CFBundleIconFile' % name
    return 'OK %d entries (%s), %d bytes' % (len(entries), ' '.join(k.decode() for k in entries), len(data))

print(check(sys.argv[1], sys.argv[2], {a.split('=', 1)[0].encode(): a.split('=', 1)[1] for a in sys.argv[3:]}))
