"""Writes the Data Browser's 16x16 PNG icons (icons/*.png) with the standard library only: simple shapes per
kind of HDF5 entry. Run with any Python 3 from the bundle folder: python3 tools/make_icons.py"""
import struct, zlib, os

def png(path, px):
    raw = b''.join(b'\x00' + b''.join(bytes(p) for p in row) for row in px)
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 6, 0, 0, 0))
    data += chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

def canvas():
    return [[(0, 0, 0, 0) for _ in range(16)] for _ in range(16)]

def rect(px, x0, y0, x1, y1, c):
    for y in range(y0, y1 + 1):
        for x in range(x0, x1 + 1):
            px[y][x] = c

def outline(px, x0, y0, x1, y1, c):
    for x in range(x0, x1 + 1):
        px[y0][x] = c; px[y1][x] = c
    for y in range(y0, y1 + 1):
        px[y][x0] = c; px[y][x1] = c

def line(px, x0, y0, x1, y1, c):
    n = max(abs(x1 - x0), abs(y1 - y0))
    for i in range(n + 1):
        t = i / n if n else 0
        px[round(y0 + t * (y1 - y0))][round(x0 + t * (x1 - x0))] = c

def folder(fill, edge):
    px = canvas()
    rect(px, 1, 3, 6, 4, edge)
    rect(px, 1, 5, 14, 13, fill)
    outline(px, 1, 5, 14, 13, edge)
    return px

DARK = (60, 60, 60, 255)
os.makedirs('icons', exist_ok=True)
png('icons/group.png', folder((240, 200, 90, 255), (150, 110, 30, 255)))
px = folder((110, 190, 110, 255), (40, 110, 40, 255)); rect(px, 5, 8, 10, 10, (255, 255, 255, 255))
png('icons/nxdata.png', px)
px = folder((120, 160, 230, 255), (40, 70, 150, 255)); rect(px, 4, 8, 11, 9, (255, 255, 255, 255))
png('icons/nxentry.png', px)
px = canvas(); rect(px, 3, 1, 12, 14, (250, 250, 250, 255)); outline(px, 3, 1, 12, 14, DARK)
for y in (4, 7, 10):
    line(px, 5, y, 10, y, (90, 120, 200, 255))
png('icons/file.png', px)
px = canvas(); outline(px, 1, 1, 14, 14, DARK)
line(px, 2, 11, 5, 6, (30, 90, 200, 255)); line(px, 5, 6, 9, 10, (30, 90, 200, 255)); line(px, 9, 10, 13, 3, (30, 90, 200, 255))
png('icons/dataset1d.png', px)
px = canvas()
for j in range(3):
    for i in range(3):
        v = 60 + 70 * ((i + 2 * j) % 3)
        rect(px, 2 + 4 * i, 2 + 4 * j, 5 + 4 * i, 5 + 4 * j, (v, v // 2, 200 - v // 2, 255))
outline(px, 1, 1, 14, 14, DARK)
png('icons/dataset2d.png', px)
px = canvas()
for k, c in enumerate([(150, 150, 220, 255), (110, 110, 200, 255), (70, 70, 180, 255)]):
    rect(px, 5 - 2 * k, 1 + 2 * k, 14 - 2 * k, 10 + 2 * k, c); outline(px, 5 - 2 * k, 1 + 2 * k, 14 - 2 * k, 10 + 2 * k, DARK)
png('icons/datasetnd.png', px)
px = canvas(); rect(px, 5, 5, 10, 10, (120, 120, 120, 255)); outline(px, 4, 4, 11, 11, DARK)
png('icons/scalar.png', px)
px = canvas(); c = (40, 120, 180, 255)
line(px, 2, 13, 12, 3, c); line(px, 3, 13, 13, 3, c); line(px, 8, 3, 13, 3, c); line(px, 13, 3, 13, 8, c)
png('icons/link.png', px)
px = canvas(); c = (40, 120, 180, 255); r = (220, 30, 30, 255)
line(px, 2, 13, 6, 9, c); line(px, 9, 6, 12, 3, c); line(px, 8, 3, 13, 3, c); line(px, 13, 3, 13, 8, c)
line(px, 1, 1, 6, 6, r); line(px, 2, 1, 7, 6, r); line(px, 6, 1, 1, 6, r); line(px, 7, 1, 2, 6, r)
png('icons/brokenlink.png', px)
px = canvas(); r = (210, 30, 30, 255)
for y in range(2, 15):
    for x in range(2, 15):
        if (x - 8) ** 2 + (y - 8) ** 2 <= 36:
            px[y][x] = r
rect(px, 7, 4, 8, 9, (255, 255, 255, 255)); rect(px, 7, 11, 8, 12, (255, 255, 255, 255))
png('icons/error.png', px)
px = canvas(); rect(px, 2, 2, 13, 13, (230, 230, 230, 255)); outline(px, 2, 2, 13, 13, DARK); line(px, 5, 8, 10, 8, DARK)
png('icons/datatype.png', px)
