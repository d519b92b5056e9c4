"""Writes the Fitting view's 16x16 PNG icon (run with /usr/bin/python3 from the bundle folder)."""
import math, struct, zlib

def png(path, px):
    raw = b''.join(b'\x00' + bytes(sum((list(p) for p in row), [])) for row in px)
    def chunk(tag, data):
        c = struct.pack('>I', len(data)) + tag + data
        return c + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 6, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))

px = [[(0, 0, 0, 0)] * 16 for _ in range(16)]
for x in range(16):
    y = 14 - round(11 * math.exp(-((x - 7.5) / 2.6) ** 2))
    px[y][x] = (214, 39, 40, 255)
    if y + 1 < 16:
        px[y + 1][x] = (214, 39, 40, 160)
for (x, y) in [(1, 13), (4, 12), (6, 5), (8, 3), (10, 6), (12, 12), (14, 13)]:
    px[y][x] = (31, 119, 180, 255)
png('icons/fitting.png', px)
