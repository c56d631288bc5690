#!/usr/bin/env python3
"""Test-time fixtures for tests/test_bad_input.sh (standard library only).

  fixtures.py huge-png OUT          a valid PNG whose IHDR says 20000 x 20000
                                    (1-bit grey, all zero: ~50 KB on disk,
                                    1.6 GB once decoded to ARGB32)
  fixtures.py secret-png OUT MARKER a small valid PNG carrying MARKER in a
                                    tEXt chunk, so a copy of it is detectable
  fixtures.py jpeg-size IN OUT W H   a copy of the JPEG IN whose SOF header
                                    claims W x H pixels (the scan is left as
                                    it is: only the header lies)
  fixtures.py listen PORTFILE LOG   a TCP listener on 127.0.0.1 (free port
                                    written to PORTFILE) that appends one
                                    line to LOG per connection: proof of any
                                    network fetch. Runs until killed.
"""
import socket
import struct
import sys
import zlib


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, depth, colour, rows, extra=b""):
    out = [b"\x89PNG\r\n\x1a\n",
           chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)),
           extra]
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(r) for r in rows) + comp.flush()
    out += [chunk(b"IDAT", idat), chunk(b"IEND", b"")]
    return b"".join(out)


def huge_png(path):
    side = 20000
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    with open(path, "wb") as f:
        f.write(png(side, side, 1, 0, (row for _ in range(side))))


def secret_png(path, marker):
    w, h = 16, 16
    rows = (b"\x00" + b"\x80\x20\x20" * w for _ in range(h))
    text = chunk(b"tEXt", b"Comment\x00" + marker.encode())
    with open(path, "wb") as f:
        f.write(png(w, h, 8, 2, rows, text))


def jpeg_size(src, dst, width, height):
    data = bytearray(open(src, "rb").read())
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise SystemExit("fixtures.py: not a JPEG marker at %d" % i)
        marker = data[i + 1]
        length = (data[i + 2] << 8) | data[i + 3]
        if marker in (0xC0, 0xC1, 0xC2):  # SOF0..2: P, Y(2), X(2)
            struct.pack_into(">HH", data, i + 5, height, width)
            open(dst, "wb").write(bytes(data))
            return
        i += 2 + length
    raise SystemExit("fixtures.py: no SOF marker in " + src)


def listen(portfile, log):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    with open(portfile, "w") as f:
        f.write(str(s.getsockname()[1]))
    while True:
        c, _ = s.accept()
        c.settimeout(2)
        try:
            first = c.recv(200).split(b"\r\n")[0]
        except OSError:
            first = b""
        with open(log, "a") as f:
            f.write("connection: %r\n" % first)
        c.close()


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "huge-png":
        huge_png(sys.argv[2])
    elif cmd == "secret-png":
        secret_png(sys.argv[2], sys.argv[3])
    elif cmd == "jpeg-size":
        jpeg_size(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif cmd == "listen":
        listen(sys.argv[2], sys.argv[3])
    else:
        sys.exit("fixtures.py: unknown command " + cmd)
