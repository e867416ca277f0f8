#!/usr/bin/env python3
"""Checks a browser's screenshot of an SVG slide: not blank, and ink
where the title, the column names and the diagram should be.

Usage: png_check.py shot.png SVG_WIDTH SVG_HEIGHT
A tiny PNG reader (8-bit RGB or RGBA, no interlace: what Chromium
writes), so the check needs nothing beyond python3.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(
                ">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                sys.exit(f"{path}: unsupported PNG ({depth}/{colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, channels, rows


def main():
    path, svg_w, svg_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, ch, rows = read_png(path)

    def pixel(x, y):
        return tuple(rows[y][x * ch:x * ch + 3])

    background = pixel(5, 5)

    def ink(x0, y0, x1, y1):
        """Pixels unlike the background in a box (clipped)."""
        count = 0
        for y in range(max(0, y0), min(height, y1)):
            for x in range(max(0, x0), min(width, x1)):
                if sum(abs(p - q) for p, q in zip(pixel(x, y),
                                                   background)) > 60:
                    count += 1
        return count

    colours = set()
    for y in range(0, min(height, svg_h), 7):
        for x in range(0, min(width, svg_w), 7):
            colours.add(pixel(x, y))
    failures = []
    if len(colours) < 4:
        failures.append(f"blank: {len(colours)} colours")
    if ink(20, 12, 320, 44) < 150:
        failures.append("no title at the top left")
    if ink(96, 72, svg_w - 150, 100) < 100:
        failures.append("no column names")
    if ink(96, 104, svg_w - 150, svg_h - 112) < 2000:
        failures.append("no diagram")
    if failures:
        sys.exit(f"{path}: " + "; ".join(failures))
    print(f"{path}: {width}x{height}, {len(colours)} colours sampled, "
          "title, columns and diagram drawn")


main()
