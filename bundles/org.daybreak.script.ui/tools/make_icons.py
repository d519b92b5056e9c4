"""Writes the console's 16x16 PNG icons (run with /usr/bin/python3 from the bundle folder)."""
import struct, zlib, sys

def png(path, pixels):
    raw = b''.join(b'\x00' + bytes(sum((list(p) for p in row), [])) for row in pixels)
    def chunk(tag, data):
        c = struct.pack('>I', len(data)) + tag + data
        return c + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 6, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))

def canvas():
    return [[(0, 0, 0, 0)] * 16 for _ in range(16)]

def rect(px, x0, y0, x1, y1, c):
    for y in range(y0, y1 + 1):
        for x in range(x0, x1 + 1):
            px[y][x] = c

def console(px):
    rect(px, 1, 2, 14, 13, (40, 44, 52, 255))
    rect(px, 1, 2, 14, 3, (90, 110, 140, 255))
    for i, (x, y) in enumerate([(3, 6), (4, 7), (5, 8), (4, 9), (3, 10)]):
        px[y][x] = (120, 220, 120, 255)
    rect(px, 7, 10, 11, 10, (220, 220, 220, 255))
    return px

out = sys.argv[1] if len(sys.argv) > 1 else 'icons'
png(out + '/console.png', console(canvas()))
px = console(canvas())
rect(px, 10, 0, 15, 5, (0, 0, 0, 0))
rect(px, 12, 0, 13, 5, (40, 160, 40, 255))
rect(px, 10, 2, 15, 3, (40, 160, 40, 255))
png(out + '/new_console.png', px)
px = canvas()
rect(px, 3, 3, 12, 12, (200, 40, 40, 255))
png(out + '/stop.png', px)
px = canvas()
rect(px, 3, 2, 12, 13, (250, 250, 250, 255))
rect(px, 3, 2, 12, 2, (120, 120, 120, 255)); rect(px, 3, 13, 12, 13, (120, 120, 120, 255))
rect(px, 3, 2, 3, 13, (120, 120, 120, 255)); rect(px, 12, 2, 12, 13, (120, 120, 120, 255))
for i in range(8):
    px[4 + i][4 + i] = (200, 40, 40, 255); px[4 + i][11 - i] = (200, 40, 40, 255)
png(out + '/clear.png', px)
