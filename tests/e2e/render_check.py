#!/usr/bin/python3
"""Opens an atensi HTML report in headless Chromium and checks the charts rendered.

Usage: render_check.py REPORT.html OUT.png

Chromium (Debian's package) takes a screenshot; the PNG is decoded here with the
standard library only, and the pixels of each chart's colours are counted: the
trend bars (#7FA7D9), the open-cases line (#B2182B) and the caseload stage bars
(intake #56B4E9 and the other stage colours).
A chart that did not render leaves no pixels of its colour. Exit 0 when every
chart is visible, 1 otherwise, 77 (skipped) when Chromium is missing.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def decode_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, colour_type = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", chunk[:10])
            if depth != 8 or colour_type not in (2, 6):
                raise ValueError("unsupported PNG format")
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    bpp = 4 if colour_type == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def count_colours(png, colours):
    width, height, bpp, rows = decode_png(png)
    wanted = {bytes.fromhex(c[1:]): c for c in colours}
    counts = {c: 0 for c in colours}
    for row in rows:
        for x in range(0, width * bpp, bpp):
            key = row[x:x + 3]
            if key in wanted:
                counts[wanted[key]] += 1
    return counts


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    html, png = sys.argv[1], sys.argv[2]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("render_check: chromium not installed; skipped")
        return 77
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
               "--user-data-dir=" + profile, "--window-size=1200,2200",
               "--screenshot=" + os.path.abspath(png), "file://" + os.path.abspath(html)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120)
    # name -> (colours, pixels needed beyond the legend swatches)
    charts = {"trend bars": (["#7FA7D9"], 300), "open-cases line": (["#B2182B"], 60),
              "caseload bars": (["#56B4E9", "#D55E00", "#E69F00", "#F0E442", "#009E73",
                                "#0072B2", "#CC79A7", "#999999", "#7F3C8D", "#444444"], 300)}
    counts = count_colours(png, {c for cs, _ in charts.values() for c in cs})
    print("render_check: pixel counts by chart colour:", counts)
    # Each legend swatch is a 10x10 HTML box of the same colour (100 pixels), so a
    # chart counts as drawn only when its colours cover well beyond its swatches.
    missing = [name for name, (cs, extra) in charts.items()
               if sum(counts.get(c, 0) for c in cs) < 100 * len(cs) + extra]
    if missing:
        print("render_check: charts not rendered:", ", ".join(missing))
        return 1
    print("render_check: all charts rendered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
