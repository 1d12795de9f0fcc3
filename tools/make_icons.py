"""Write the web app icons (site/assets/icons/*.png) with nothing but the standard library.

    python tools/make_icons.py

A white yen sign (¥) on the site's indigo, drawn as round-capped strokes with analytic
anti-aliasing, so the files are byte-for-byte reproducible. The glyph stays inside the
central circle of radius 0.4 that maskable icons must keep clear (the launcher may crop the
rest). Run it again only to change the design; the PNGs are kept in the repository.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "site" / "assets" / "icons"
INDIGO = (0x3F, 0x51, 0xB5)  # Material's indigo primary, the site's theme colour
WHITE = (0xFF, 0xFF, 0xFF)

# The yen sign in unit coordinates (0..1, y down): two arms, the stem, two bars.
STROKE = 0.075
SEGMENTS = [
    ((0.335, 0.255), (0.5, 0.5)),
    ((0.665, 0.255), (0.5, 0.5)),
    ((0.5, 0.5), (0.5, 0.765)),
    ((0.345, 0.55), (0.655, 0.55)),
    ((0.345, 0.655), (0.655, 0.655)),
]


Point = tuple[float, float]


def _segment_distance(px: float, py: float, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _rounded_square_coverage(px: float, py: float, radius: float, pixel: float) -> float:
    """How much of the pixel at (px, py) lies inside the unit square with rounded corners."""
    cx = min(max(px, radius), 1 - radius)
    cy = min(max(py, radius), 1 - radius)
    outside = math.hypot(px - cx, py - cy) - radius
    return max(0.0, min(1.0, 0.5 - outside / pixel))


def render(size: int, corner: float) -> bytes:
    """RGBA rows of one icon; `corner` 0 gives a full square (maskable, Apple touch icon)."""
    pixel = 1 / size
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # PNG filter type "none" for this row
        py = (y + 0.5) * pixel
        for x in range(size):
            px = (x + 0.5) * pixel
            shape = _rounded_square_coverage(px, py, corner, pixel) if corner else 1.0
            distance = min(_segment_distance(px, py, a, b) for a, b in SEGMENTS)
            ink = max(0.0, min(1.0, 0.5 - (distance - STROKE / 2) / pixel))
            colour = [round(bg + (fg - bg) * ink) for bg, fg in zip(INDIGO, WHITE, strict=True)]
            rows += bytes(colour) + bytes([round(255 * shape)])
    return bytes(rows)


def png(size: int, rgba_rows: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rgba_rows, 9)) + chunk(b"IEND", b""))


ICONS = {
    "icon-192.png": (192, 0.18),
    "icon-512.png": (512, 0.18),
    "icon-maskable-512.png": (512, 0.0),
    "apple-touch-icon.png": (180, 0.0),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (size, corner) in ICONS.items():
        (OUT / name).write_bytes(png(size, render(size, corner)))
        print(OUT / name)


if __name__ == "__main__":
    main()
