#!/usr/bin/env python3
"""Generates the built-in photo set of the retrieval studio (www/patterns/photos.bin + photos.json).

NOT run by the build: its output is committed. Re-run it only to change the set:

    pip download --no-deps scikit-image -d /tmp/skimg       # the wheel ships skimage/data/*.png
    python3 -m venv /tmp/genvenv && /tmp/genvenv/bin/pip install pillow
    /tmp/genvenv/bin/python scripts/make_photos.py /tmp/skimg/scikit_image-*.whl

Each image: greyscale by PIL's "L" mode (ITU-R 601 luma), the largest centred square, then an
area-averaging (box) resize to 64×64. photos.bin holds the images one after another, row-major,
one byte per pixel (row 0 at the top); photos.json names them in the same order. The licence of
every image (from the docstrings of skimage/data/_fetchers.py) is in www/patterns/LICENSES.md.
"""
import io
import json
import sys
import zipfile
from pathlib import Path

from PIL import Image

SIDE = 64
# (file in skimage/data, name shown in the app). Only images whose docstring states public
# domain or CC0; the first six are SCIENCE.md fact 15's set. With all eight, one modern update
# at β = 0.1 recovers each image from its upper half (cosine > 0.99).
PHOTOS = [
    ("astronaut.png", "astronaut"),
    ("camera.png", "camera"),
    ("chelsea.png", "chelsea"),
    ("coffee.png", "coffee"),
    ("coins.png", "coins"),
    ("horse.png", "horse"),
    ("cell.png", "cell"),
    ("gravel.png", "gravel"),
]
# Left out on purpose: rocket, text, brick and grass have lower-half-masked queries that one
# modern update at β = 0.1 sends to another image of the set (rocket ↔ cell, chelsea → rocket),
# which would blur the studio's demonstration; moon and page state no licence.


def square_grey(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data)).convert("L")
    w, h = img.size
    side = min(w, h)
    x0, y0 = (w - side) // 2, (h - side) // 2
    return img.crop((x0, y0, x0 + side, y0 + side)).resize((SIDE, SIDE), Image.BOX)


def main() -> None:
    wheel = zipfile.ZipFile(sys.argv[1])
    out = Path(__file__).resolve().parent.parent / "www" / "patterns"
    out.mkdir(parents=True, exist_ok=True)
    blob = bytearray()
    for file, _ in PHOTOS:
        blob += square_grey(wheel.read(f"skimage/data/{file}")).tobytes()
    (out / "photos.bin").write_bytes(bytes(blob))
    index = {"side": SIDE, "names": [name for _, name in PHOTOS]}
    (out / "photos.json").write_text(json.dumps(index, indent=1) + "\n")
    print(f"{len(PHOTOS)} images, {len(blob)} bytes -> {out}")


if __name__ == "__main__":
    main()
