#!/usr/bin/env python3
"""Makes the golden data for octet's conformance test (tests/conformance/tflite_models_test.cc).

For each real model in <shared>/models and each image (images/*.bmp and calibration/*.JPEG):
  1. preprocess with PIL + numpy: RGB, central crop of 87.5% of both dimensions, bilinear resize
     to the model's input H x W, uint8 values as they are (the models' input quantization maps
     0..255 to about -1..1);
  2. write the raw input bytes to <out>/<model_stem>/<image_stem>.input.bin;
  3. run TensorFlow Lite's *reference* integer kernels (ai-edge-litert, OpResolverType.BUILTIN_REF,
     which applies no default delegate; we also check that no op was delegated, since a stock
     interpreter hands 8-bit graphs to XNNPACK, whose fp32 requantization is not the spec);
  4. write the raw output bytes to <out>/<model_stem>/<image_stem>.expected.bin.
<out>/<model_stem>/index.txt lists "<image_stem> <top1>" per line (what the C++ test iterates) and
<out>/manifest.json records how the bytes were made, top-1 per image and the calibration accuracy.

When ai-edge-litert, numpy, PIL or the shared models are missing it prints "SKIP: <reason>", writes
<out>/SKIP with the reason (the C++ test then skips with it) and exits 0. Regeneration is skipped
when the manifest is newer than this script and the models and was made with the same options.
"""

import argparse
import csv
import json
import os
import platform
import shutil
import sys
import time

MODELS = ("mobilenet_v1_0.25_128_quant", "tf2_mobilenet_v2_1.0_224_ptq")
CROP_FRACTION = 0.875
# Bumped when the output layout or preprocessing changes, so old goldens are not reused.
FORMAT = 2


def skip(out_dir, reason):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "SKIP"), "w") as f:
        f.write(reason + "\n")
    print("SKIP: " + reason)
    return 0


def central_crop_box(width, height):
    # Same integer arithmetic as tf.image.central_crop: equal margins, truncated.
    left = int((width - width * CROP_FRACTION) / 2)
    top = int((height - height * CROP_FRACTION) / 2)
    return (left, top, width - left, height - top)


def resize_bilinear(pixels, height, width):
    """tf.compat.v1.image.resize_bilinear (align_corners=False, half_pixel_centers=False), the resize of
    TF-Slim's eval preprocessing these models were trained with; PIL's BILINEAR filter is not used
    because it widens its support when shrinking (antialiasing), which TensorFlow's does not."""
    import numpy as np

    def axis(out_size, in_size):
        pos = np.arange(out_size, dtype=np.float64) * (in_size / out_size)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, in_size - 1)
        return lo, hi, pos - lo

    y0, y1, dy = axis(height, pixels.shape[0])
    x0, x1, dx = axis(width, pixels.shape[1])
    a = pixels.astype(np.float64)
    dx = dx[np.newaxis, :, np.newaxis]
    top = a[y0][:, x0] * (1 - dx) + a[y0][:, x1] * dx
    bottom = a[y1][:, x0] * (1 - dx) + a[y1][:, x1] * dx
    value = top * (1 - dy)[:, np.newaxis, np.newaxis] + bottom * dy[:, np.newaxis, np.newaxis]
    # TensorFlow returns floats; round half up to get the uint8 the quantized models take.
    return np.clip(np.floor(value + 0.5), 0, 255).astype(np.uint8)


def preprocess(path, height, width):
    from PIL import Image
    import numpy as np

    with Image.open(path) as img:
        rgb = img.convert("RGB")
    rgb = rgb.crop(central_crop_box(rgb.width, rgb.height))
    pixels = resize_bilinear(np.asarray(rgb, dtype=np.uint8), height, width)
    assert pixels.shape == (height, width, 3), pixels.shape
    return pixels[np.newaxis, ...]


def list_images(models_dir, calibration_count):
    """Returns [(stem, path, label_index_1001 or None)], BMPs first, then calibration in CSV order."""
    images = []
    image_dir = os.path.join(models_dir, "images")
    for name in sorted(os.listdir(image_dir)):
        if name.lower().endswith(".bmp"):
            images.append((os.path.splitext(name)[0], os.path.join(image_dir, name), None))
    cal_dir = os.path.join(models_dir, "calibration")
    with open(os.path.join(cal_dir, "labels.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    if calibration_count >= 0:
        rows = rows[:calibration_count]
    for row in rows:
        name = row["file"]
        images.append((os.path.splitext(name)[0], os.path.join(cal_dir, name), int(row["index_1001"])))
    return images


def make_interpreter(model_path):
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    interpreter = Interpreter(model_path=model_path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF,
                              num_threads=1)
    interpreter.allocate_tensors()
    # A delegated partition shows up as one "DELEGATE" op; the reference resolver must leave none.
    ops = interpreter._get_ops_details()  # pylint: disable=protected-access
    delegated = [op["op_name"] for op in ops if "DELEGATE" in op["op_name"].upper()]
    if delegated:
        raise RuntimeError("%s: ops were delegated (%s); goldens must come from the reference kernels" %
                           (model_path, ", ".join(delegated)))
    return interpreter, sorted({op["op_name"] for op in ops})


def up_to_date(manifest_path, deps, options):
    if not os.path.exists(manifest_path):
        return False
    stamp = os.path.getmtime(manifest_path)
    if any(os.path.getmtime(d) >= stamp for d in deps):
        return False
    try:
        with open(manifest_path) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return False
    return manifest.get("options") == options


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared-dir", default=os.path.join(here, "..", "..", "..", "shared"),
                        help="folder holding models/ (default: ../shared beside the repository)")
    parser.add_argument("--out-dir", required=True, help="where goldens and manifest.json are written")
    parser.add_argument("--calibration-count", type=int, default=-1,
                        help="use only the first N calibration images (default: all)")
    parser.add_argument("--force", action="store_true", help="regenerate even when up to date")
    args = parser.parse_args()

    out_dir = os.path.abspath(args.out_dir)
    models_dir = os.path.join(os.path.abspath(args.shared_dir), "models")
    marker = os.path.join(out_dir, "SKIP")
    manifest_path = os.path.join(out_dir, "manifest.json")

    try:
        import numpy
        import PIL
        import ai_edge_litert
        from ai_edge_litert.interpreter import OpResolverType  # noqa: F401 (checks the API exists)
    except ImportError as e:
        return skip(out_dir, "python module missing (%s); pip install ai-edge-litert numpy pillow" % e.name)
    model_paths = [os.path.join(models_dir, m + ".tflite") for m in MODELS]
    missing = [p for p in model_paths + [os.path.join(models_dir, "calibration", "labels.csv")]
               if not os.path.exists(p)]
    if missing:
        return skip(out_dir, "shared models absent: %s (set OCTET_SHARED_DIR)" % ", ".join(missing))

    options = {"format": FORMAT, "calibration_count": args.calibration_count}
    if not args.force and up_to_date(manifest_path, [os.path.abspath(__file__)] + model_paths, options):
        if os.path.exists(marker):
            os.remove(marker)
        print("goldens up to date: " + manifest_path)
        return 0

    from importlib.metadata import version
    import numpy as np

    labels_path = os.path.join(models_dir, "imagenet_labels.txt")
    labels = []
    if os.path.exists(labels_path):
        with open(labels_path) as f:
            labels = [line.rstrip("\n") for line in f]

    images = list_images(models_dir, args.calibration_count)
    manifest = {
        "what": "raw uint8 inputs and TFLite reference-kernel outputs for octet's conformance test",
        "options": options,
        "generator": {
            "script": "tests/conformance/make_goldens.py",
            "ai_edge_litert": version("ai-edge-litert"),
            "op_resolver": "OpResolverType.BUILTIN_REF (reference kernels, no default delegates; checked: no op "
                           "delegated)",
            "num_threads": 1,
            "numpy": numpy.__version__,
            "pillow": PIL.__version__,
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "preprocessing": ("PIL: open, convert('RGB'); central crop of %.3f of width and height (margins "
                          "int((d - d*%.3f)/2), as tf.image.central_crop); numpy: bilinear resize to the model's "
                          "input H x W as tf.compat.v1.image.resize_bilinear (align_corners=False, "
                          "half_pixel_centers=False; source = dst * in/out, float64), rounded floor(x + 0.5) to "
                          "uint8; NHWC, batch 1; values 0..255 as they are" %
                          (CROP_FRACTION, CROP_FRACTION)),
        "layout": "<model_stem>/<image_stem>.input.bin (input tensor bytes), <model_stem>/<image_stem>.expected.bin "
                  "(output tensor bytes), <model_stem>/index.txt ('<image_stem> <top1>' per line)",
        "models": {},
    }

    # Write into a temporary folder and swap it in, so an interrupted run never leaves a mix of old
    # and new goldens next to a valid manifest.
    os.makedirs(out_dir, exist_ok=True)
    if os.path.exists(manifest_path):
        os.remove(manifest_path)
    started = time.time()
    for model, model_path in zip(MODELS, model_paths):
        model_started = time.time()
        interpreter, op_names = make_interpreter(model_path)
        inp = interpreter.get_input_details()[0]
        out = interpreter.get_output_details()[0]
        _, height, width, channels = (int(d) for d in inp["shape"])
        assert channels == 3 and inp["dtype"] == np.uint8, (model, inp)

        tmp_dir = os.path.join(out_dir, model + ".tmp")
        shutil.rmtree(tmp_dir, ignore_errors=True)
        os.makedirs(tmp_dir)
        per_image = {}
        correct = 0
        labelled = 0
        index_lines = []
        for stem, path, label in images:
            pixels = preprocess(path, height, width)
            interpreter.set_tensor(inp["index"], pixels)
            interpreter.invoke()
            scores = interpreter.get_tensor(out["index"])
            with open(os.path.join(tmp_dir, stem + ".input.bin"), "wb") as f:
                f.write(pixels.tobytes())
            with open(os.path.join(tmp_dir, stem + ".expected.bin"), "wb") as f:
                f.write(scores.tobytes())
            flat = scores.reshape(-1).astype(np.int64)
            # Stable sort on -score: ties go to the lowest index, like argmax.
            top5 = [int(i) for i in np.argsort(-flat, kind="stable")[:5]]
            top1 = top5[0]
            entry = {"top1": top1, "top5": [[i, int(flat[i])] + ([labels[i]] if i < len(labels) else []) for i in top5]}
            if top1 < len(labels):
                entry["top1_label"] = labels[top1]
            if label is not None:
                entry["label"] = label
                labelled += 1
                correct += int(top1 == label)
            per_image[stem] = entry
            index_lines.append("%s %d\n" % (stem, top1))
        with open(os.path.join(tmp_dir, "index.txt"), "w") as f:
            f.writelines(index_lines)
        final_dir = os.path.join(out_dir, model)
        shutil.rmtree(final_dir, ignore_errors=True)
        os.rename(tmp_dir, final_dir)

        seconds = time.time() - model_started
        manifest["models"][model] = {
            "file": os.path.basename(model_path),
            "ops": op_names,
            "input": {"shape": [int(d) for d in inp["shape"]], "dtype": np.dtype(inp["dtype"]).name,
                      "scale": float(inp["quantization"][0]), "zero_point": int(inp["quantization"][1])},
            "output": {"shape": [int(d) for d in out["shape"]], "dtype": np.dtype(out["dtype"]).name,
                       "scale": float(out["quantization"][0]), "zero_point": int(out["quantization"][1])},
            "images": len(per_image),
            "calibration_top1_equals_label": "%d/%d" % (correct, labelled),
            "seconds": round(seconds, 2),
            "per_image": per_image,
        }
        summary = ", ".join("%s: %s" % (s, per_image[s].get("top1_label", per_image[s]["top1"]))
                            for s, _, lbl in images if lbl is None)
        print("%s: %d images in %.1f s; %s; calibration top-1 == label: %d/%d" %
              (model, len(per_image), seconds, summary, correct, labelled))

    # The manifest is written last: its presence and time stamp mean "complete and current".
    with open(manifest_path + ".tmp", "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(manifest_path + ".tmp", manifest_path)
    if os.path.exists(marker):
        os.remove(marker)
    print("wrote %s (%.1f s)" % (manifest_path, time.time() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
