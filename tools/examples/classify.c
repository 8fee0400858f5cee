/* Classifies an image with octet's C API: the smallest complete program to start an app from.
 *
 *   classify MODEL.octet IMAGE [LABELS.txt]
 *
 * MODEL is an .octet file (`octet convert net.tflite -o net.octet`, or `octet builtin NAME -o ...`)
 * with one RGB image input [1, H, W, 3] of type uint8 or int8 and one output of class scores.
 * IMAGE is a 24- or 32-bit uncompressed BMP, or a raw file of exactly H*W*3 bytes (RGB, row by
 * row). LABELS has one class name per line. Prints the five best classes.
 *
 * Preprocessing is the one MobileNet-style models expect: a central crop of 87.5%, resized to the
 * input size (nearest pixel here, to keep the code short; `octet run` resizes bilinearly), pixel
 * values 0..255 as they are for uint8 inputs, minus 128 for int8 ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <octet/octet.h>

/* An RGB image, 3 bytes per pixel, top row first. */
typedef struct {
  int width, height;
  uint8_t* rgb;
} image;

/* The whole file, plus a terminating zero byte; NULL on failure. */
static uint8_t* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  uint8_t* data = NULL;
  long n = -1;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    data = malloc((size_t)n + 1);
    if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
      free(data);
      data = NULL;
    } else if (data != NULL) {
      data[n] = '\0'; /* so a text file is a C string */
    }
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

static uint32_t le32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const uint8_t* p) { return (uint16_t)(p[0] | p[1] << 8); }

/* Decodes an uncompressed 24/32-bit BMP (BITMAPINFOHEADER or newer). Returns 0 on success. */
static int decode_bmp(const uint8_t* data, size_t size, image* out) {
  if (size < 54 || data[0] != 'B' || data[1] != 'M') return -1;
  const uint32_t pixels_at = le32(data + 10);
  const int32_t width = (int32_t)le32(data + 18);
  const int32_t raw_height = (int32_t)le32(data + 22);
  const int bits = le16(data + 28);
  const uint32_t compression = le32(data + 30);
  if (le32(data + 14) < 40 || (bits != 24 && bits != 32) || (compression != 0 && compression != 3)) return -1;
  const int top_down = raw_height < 0;
  const int32_t height = top_down ? -raw_height : raw_height;
  if (width <= 0 || height <= 0 || width > 32768 || height > 32768) return -1;
  const size_t row_bytes = ((size_t)width * (size_t)(bits / 8) + 3) / 4 * 4;
  if (pixels_at > size || (size - pixels_at) / row_bytes < (size_t)height) return -1;
  out->width = width;
  out->height = height;
  out->rgb = malloc((size_t)width * (size_t)height * 3);
  if (out->rgb == NULL) return -1;
  for (int32_t y = 0; y < height; ++y) {
    const uint8_t* row = data + pixels_at + row_bytes * (size_t)(top_down ? y : height - 1 - y);
    for (int32_t x = 0; x < width; ++x) {
      const uint8_t* bgr = row + (size_t)x * (size_t)(bits / 8);
      uint8_t* rgb = out->rgb + ((size_t)y * (size_t)width + (size_t)x) * 3;
      rgb[0] = bgr[2];
      rgb[1] = bgr[1];
      rgb[2] = bgr[0];
    }
  }
  return 0;
}

/* Writes the input tensor [1, h, w, 3] from the central 87.5% of the image. */
static void fill_input(const image* img, int h, int w, octet_type type, void* input) {
  const double crop_h = img->height * 0.875, crop_w = img->width * 0.875;
  const double top = (img->height - crop_h) / 2, left = (img->width - crop_w) / 2;
  for (int y = 0; y < h; ++y) {
    int sy = (int)(top + (y + 0.5) * crop_h / h);
    if (sy >= img->height) sy = img->height - 1;
    for (int x = 0; x < w; ++x) {
      int sx = (int)(left + (x + 0.5) * crop_w / w);
      if (sx >= img->width) sx = img->width - 1;
      for (int c = 0; c < 3; ++c) {
        const uint8_t v = img->rgb[((size_t)sy * (size_t)img->width + (size_t)sx) * 3 + (size_t)c];
        const size_t i = ((size_t)y * (size_t)w + (size_t)x) * 3 + (size_t)c;
        if (type == OCTET_TYPE_UINT8) {
          ((uint8_t*)input)[i] = v;
        } else {
          ((int8_t*)input)[i] = (int8_t)(v - 128);
        }
      }
    }
  }
}

/* Score of class i as a real number (dequantized). */
static double score(const octet_tensor_info* info, const void* data, int i) {
  const double scale = info->num_scales > 0 ? info->scales[0] : 1.0;
  const double zero = info->num_scales > 0 ? (double)info->zero_points[0] : 0.0;
  switch (info->type) {
    case OCTET_TYPE_UINT8:
      return scale * (((const uint8_t*)data)[i] - zero);
    case OCTET_TYPE_INT8:
      return scale * (((const int8_t*)data)[i] - zero);
    case OCTET_TYPE_INT32:
      return scale * (((const int32_t*)data)[i] - zero);
    case OCTET_TYPE_FLOAT32:
      return ((const float*)data)[i];
  }
  return 0;
}

/* Line `index` of the labels text (NULL if absent), copied into buf. */
static const char* label(const char* labels, int index, char* buf, size_t buf_size) {
  if (labels == NULL) return NULL;
  const char* p = labels;
  for (int i = 0; i < index && p != NULL; ++i) {
    p = strchr(p, '\n');
    if (p != NULL) ++p;
  }
  if (p == NULL || *p == '\0') return NULL;
  size_t n = strcspn(p, "\r\n");
  if (n >= buf_size) n = buf_size - 1;
  memcpy(buf, p, n);
  buf[n] = '\0';
  return buf;
}

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: classify MODEL.octet IMAGE [LABELS.txt]\n");
    return 2;
  }
  /* 1. Load the model (memory-mapped, verified) and create a session on it. */
  octet_model* model = NULL;
  if (octet_model_load_file(argv[1], &model) != OCTET_OK) {
    fprintf(stderr, "classify: %s\n", octet_last_error());
    return 1;
  }
  octet_session* session = NULL;
  if (octet_session_create(model, NULL, &session) != OCTET_OK) {
    fprintf(stderr, "classify: %s\n", octet_last_error());
    octet_model_destroy(model);
    return 1;
  }
  octet_tensor_info in, out;
  octet_session_input_info(session, 0, &in);
  octet_session_output_info(session, 0, &out);
  if (in.rank != 4 || in.shape[3] != 3 || (in.type != OCTET_TYPE_UINT8 && in.type != OCTET_TYPE_INT8)) {
    fprintf(stderr, "classify: the model's input is not a uint8/int8 RGB image [1,H,W,3]\n");
    return 1;
  }
  const int h = in.shape[1], w = in.shape[2];

  /* 2. Fill the input: a BMP is decoded and resized, a raw file must match the input exactly. */
  size_t size = 0;
  uint8_t* bytes = read_file(argv[2], &size);
  if (bytes == NULL) {
    fprintf(stderr, "classify: cannot read %s\n", argv[2]);
    return 1;
  }
  image img = {0, 0, NULL};
  if (size >= 2 && bytes[0] == 'B' && bytes[1] == 'M') {
    if (decode_bmp(bytes, size, &img) != 0) {
      fprintf(stderr, "classify: %s is not an uncompressed 24/32-bit BMP\n", argv[2]);
      return 1;
    }
    fill_input(&img, h, w, in.type, octet_session_input_data(session, 0));
    free(img.rgb);
  } else if (size == in.byte_size) {
    /* Already the input size: copy (uint8) or shift (int8) without cropping. */
    for (size_t i = 0; i < size; ++i) {
      if (in.type == OCTET_TYPE_UINT8) {
        ((uint8_t*)octet_session_input_data(session, 0))[i] = bytes[i];
      } else {
        ((int8_t*)octet_session_input_data(session, 0))[i] = (int8_t)(bytes[i] - 128);
      }
    }
  } else {
    fprintf(stderr, "classify: %s is neither a BMP nor %zu bytes of raw RGB\n", argv[2], in.byte_size);
    return 1;
  }
  free(bytes);

  /* 3. Run. */
  if (octet_session_run(session) != OCTET_OK) {
    fprintf(stderr, "classify: %s\n", octet_last_error());
    return 1;
  }

  /* 4. Print the five best classes. */
  const void* scores = octet_session_output_data(session, 0);
  const int classes = (int)(out.byte_size / (out.type == OCTET_TYPE_INT32 || out.type == OCTET_TYPE_FLOAT32 ? 4 : 1));
  char* labels = argc == 4 ? (char*)read_file(argv[3], &size) : NULL;
  int best[5];
  int n = 0;
  for (; n < 5 && n < classes; ++n) {
    best[n] = -1;
    for (int i = 0; i < classes; ++i) {
      int taken = 0;
      for (int j = 0; j < n; ++j) taken |= best[j] == i;
      if (!taken && (best[n] < 0 || score(&out, scores, i) > score(&out, scores, best[n]))) best[n] = i;
    }
  }
  for (int k = 0; k < n; ++k) {
    char buf[256];
    const char* name = label(labels, best[k], buf, sizeof(buf));
    printf("%d  %5d  %.4f%s%s\n", k + 1, best[k], score(&out, scores, best[k]), name ? "  " : "", name ? name : "");
  }
  free(labels);
  octet_session_destroy(session);
  octet_model_destroy(model);
  return 0;
}
