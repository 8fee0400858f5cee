"""Shared helpers of the comparison scripts (compare_ort.py, compare_tflite.py): the calibration
photos, preprocessed the way `octet quantize` does by default (RGB, central crop of 87.5%, bilinear
resize to 224x224, (pixel - 127.5) / 127.5), and their labels from labels.csv.

Only numpy and Pillow; no model files are written here.
"""
import csv
import os

import numpy as np
from PIL import Image

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp")


def load_photos(folder, labels_csv, label_column="ilsvrc_index", size=224, crop=0.875):
    """Returns (names, NHWC float32 array [N, size, size, 3], labels list, -1 when unknown)."""
    labels = {}
    if labels_csv:
        with open(labels_csv, newline="") as f:
            for row in csv.DictReader(f):
                labels[row["file"]] = int(row[label_column])
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(IMAGE_EXTENSIONS))
    images = []
    for name in names:
        image = Image.open(os.path.join(folder, name)).convert("RGB")
        w, h = image.size
        cw, ch = w * crop, h * crop
        box = ((w - cw) / 2, (h - ch) / 2, (w + cw) / 2, (h + ch) / 2)
        image = image.resize((size, size), Image.BILINEAR, box=box)
        images.append((np.asarray(image, np.float32) - 127.5) / 127.5)
    return names, np.stack(images), [labels.get(n, -1) for n in names]


def summarize(name, reference, outputs, labels):
    """One table row: top-1 agreement with `reference` (float logits/probabilities, [N, classes]),
    accuracy against `labels`, and output SQNR (dB) against the reference."""
    reference = np.asarray(reference, np.float64)
    outputs = np.asarray(outputs, np.float64)
    agree = float(np.mean(reference.argmax(1) == outputs.argmax(1)))
    known = np.array(labels) >= 0
    acc = float(np.mean(outputs.argmax(1)[known] == np.array(labels)[known])) if known.any() else float("nan")
    noise = np.sum((outputs - reference) ** 2)
    sqnr = 10 * np.log10(np.sum(reference**2) / noise) if noise > 0 else float("inf")
    return "%-44s %8.2f %9.1f%% %8.1f%%" % (name, sqnr, 100 * agree, 100 * acc)


HEADER = "%-44s %8s %10s %9s" % ("quantizer", "SQNR dB", "top-1 agr", "accuracy")
