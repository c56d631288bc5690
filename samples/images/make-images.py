#!/usr/bin/env python3
"""Regenerates the raster sample images (no third-party modules needed).

  type-case.png  400x240 RGB PNG: a compositor's type case, drawn by hand
                 and encoded with zlib (filter 0 on every row).
  press.jpg      400x240 JPEG: a hand press silhouette against a gradient,
                 written as a PPM and encoded with cjpeg (libjpeg-turbo-progs).

The SVG (timeline.svg) is written by hand and is not generated here.
Run from anywhere:  python3 samples/images/make-images.py
"""
import os
import struct
import subprocess
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 400, 240


def canvas(color):
    return [[list(color) for _ in range(W)] for _ in range(H)]


def rect(img, x0, y0, x1, y1, color):
    for y in range(max(0, y0), min(H, y1)):
        row = img[y]
        for x in range(max(0, x0), min(W, x1)):
            row[x] = list(color)


def frame(img, x0, y0, x1, y1, color, t=2):
    rect(img, x0, y0, x1, y0 + t, color)
    rect(img, x0, y1 - t, x1, y1, color)
    rect(img, x0, y0, x0 + t, y1, color)
    rect(img, x1 - t, y0, x1, y1, color)


def write_png(path, img):
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in img)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)  # 8-bit RGB
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", ihdr))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def type_case():
    """A California job case: wooden frame, compartments of many sizes."""
    wood = (181, 132, 82)
    dark = (92, 60, 33)
    img = canvas((245, 238, 224))
    rect(img, 10, 10, 390, 230, wood)
    frame(img, 10, 10, 390, 230, dark, 4)
    # Upper half: a regular grid of small boxes (capitals and figures).
    for i in range(14):
        x = 16 + i * 26
        for j in range(3):
            y = 16 + j * 30
            frame(img, x, y, x + 26, y + 30, dark, 2)
            # a few sorts lying in each box, shaded by row
            shade = 40 + 30 * j
            rect(img, x + 8, y + 10, x + 18, y + 22, (shade, shade, shade + 10))
    # Lower half: boxes of unequal width, as for frequent lower-case letters.
    widths = [40, 26, 52, 26, 40, 78, 40, 26, 26]
    x = 16
    for k, w in enumerate(widths):
        frame(img, x, 110, x + w, 224, dark, 2)
        lead = (70, 70, 80) if k % 2 else (110, 110, 120)
        rect(img, x + 6, 150, x + w - 6, 200, lead)
        x += w
    frame(img, x, 110, 384, 224, dark, 2)
    return img


def press_ppm(path):
    """A hand press in silhouette against an evening gradient."""
    img = canvas((0, 0, 0))
    for y in range(H):
        t = y / (H - 1)
        c = (int(250 - 120 * t), int(200 - 110 * t), int(140 - 40 * t))
        for x in range(W):
            img[y][x] = [min(255, c[0] + x // 40), c[1], c[2]]
    ink = (30, 24, 28)
    rect(img, 120, 40, 140, 220, ink)   # left cheek
    rect(img, 260, 40, 280, 220, ink)   # right cheek
    rect(img, 110, 30, 290, 50, ink)    # head
    rect(img, 195, 50, 205, 110, ink)   # screw
    rect(img, 160, 110, 240, 125, ink)  # platen
    rect(img, 60, 150, 340, 165, ink)   # bed
    rect(img, 205, 80, 330, 86, ink)    # bar
    rect(img, 40, 215, 360, 225, ink)   # floor
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (W, H))
        f.write(bytes(c for row in img for px in row for c in px))


if __name__ == "__main__":
    write_png(os.path.join(HERE, "type-case.png"), type_case())
    ppm = os.path.join(HERE, "press.ppm")
    press_ppm(ppm)
    with open(os.path.join(HERE, "press.jpg"), "wb") as out:
        subprocess.run(["cjpeg", "-quality", "85", "-optimize", ppm], stdout=out, check=True)
    os.remove(ppm)
