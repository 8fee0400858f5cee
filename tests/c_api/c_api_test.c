/* The C API used from C, as an app would: load, inspect, run, errors. Compiled as C99. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "octet/octet.h"

static int failures = 0;
static int checks = 0;
#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

static unsigned char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* data = (unsigned char*)malloc((size_t)n);
  if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
    return 2;
  }
  char model_path[4096], input_path[4096], expected_path[4096];
  snprintf(model_path, sizeof model_path, "%s/small.octet", argv[1]);
  snprintf(input_path, sizeof input_path, "%s/small.input.bin", argv[1]);
  snprintf(expected_path, sizeof expected_path, "%s/small.expected.bin", argv[1]);

  /* Versions. */
  char header_version[32];
  snprintf(header_version, sizeof header_version, "%d.%d.%d", OCTET_VERSION_MAJOR, OCTET_VERSION_MINOR,
           OCTET_VERSION_PATCH);
  CHECK(strcmp(octet_version(), header_version) == 0);
  CHECK(octet_format_version() == OCTET_FORMAT_VERSION);

  /* Errors are statuses with messages that name the problem. */
  octet_model* model = NULL;
  CHECK(octet_model_load_file("/nonexistent/model.octet", &model) == OCTET_IO_ERROR);
  CHECK(model == NULL);
  CHECK(strstr(octet_last_error(), "/nonexistent/model.octet") != NULL);
  CHECK(octet_model_load_file(NULL, &model) == OCTET_INVALID_ARGUMENT);
  static const unsigned char garbage[64] = {1, 2, 3, 4, 'O', 'C', 'T', '1'};
  CHECK(octet_model_load_memory(garbage, sizeof garbage, &model) == OCTET_INVALID_MODEL);
  CHECK(strlen(octet_last_error()) > 0);
  CHECK(strcmp(octet_status_string(OCTET_INVALID_MODEL), "invalid model") == 0);

  /* Load from file and from memory. */
  CHECK(octet_model_load_file(model_path, &model) == OCTET_OK);
  if (!model) {
    fprintf(stderr, "cannot load %s: %s\n", model_path, octet_last_error());
    return 1;
  }
  size_t model_size = 0, input_size = 0, expected_size = 0;
  unsigned char* model_bytes = read_file(model_path, &model_size);
  unsigned char* input = read_file(input_path, &input_size);
  unsigned char* expected = read_file(expected_path, &expected_size);
  CHECK(model_bytes && input && expected);
  if (!model_bytes || !input || !expected) return 1;
  octet_model* model2 = NULL;
  CHECK(octet_model_load_memory(model_bytes, model_size, &model2) == OCTET_OK);

  CHECK(octet_model_num_inputs(model) == 1);
  CHECK(octet_model_num_outputs(model) == 1);
  CHECK(octet_model_arena_size(model) > 0);
  octet_tensor_info info;
  CHECK(octet_model_input_info(model, 0, &info) == OCTET_OK);
  CHECK(strcmp(info.name, "image") == 0);
  CHECK(info.type == OCTET_TYPE_UINT8);
  CHECK(info.rank == 4 && info.shape[0] == 1 && info.shape[1] == 8 && info.shape[2] == 8 && info.shape[3] == 3);
  CHECK(info.byte_size == 192 && info.byte_size == input_size);
  CHECK(info.num_scales == 1 && fabsf(info.scales[0] - 0.0078125f) == 0.0f && info.zero_points[0] == 128);
  CHECK(octet_model_input_info(model, 1, &info) == OCTET_INVALID_ARGUMENT);
  CHECK(strstr(octet_last_error(), "out of range") != NULL);
  CHECK(octet_model_output_info(model, 0, &info) == OCTET_OK);
  CHECK(info.type == OCTET_TYPE_INT8 && info.byte_size == expected_size);
  CHECK(info.num_scales == 1 && info.zero_points[0] == -128);

  /* Sessions: options, run, outputs equal to the C++ core's. */
  octet_session_options options;
  octet_session_options_init(&options);
  CHECK(options.size == sizeof options && options.num_threads == 1);
  octet_session* session = NULL;
  options.num_threads = -3;
  CHECK(octet_session_create(model, &options, &session) == OCTET_INVALID_ARGUMENT);
  options.num_threads = 1;
  CHECK(octet_session_create(model, &options, &session) == OCTET_OK);
  octet_session* session2 = NULL;
  CHECK(octet_session_create(model2, NULL, &session2) == OCTET_OK);
  if (!session || !session2) return 1;
  CHECK(octet_session_input_data(session, 1) == NULL);
  CHECK(octet_session_output_data(session, -1) == NULL);
  memcpy(octet_session_input_data(session, 0), input, input_size);
  memcpy(octet_session_input_data(session2, 0), input, input_size);
  CHECK(octet_session_run(session) == OCTET_OK);
  CHECK(octet_session_run(session2) == OCTET_OK);
  CHECK(memcmp(octet_session_output_data(session, 0), expected, expected_size) == 0);
  CHECK(memcmp(octet_session_output_data(session2, 0), expected, expected_size) == 0);

  /* Memory: the arena the model announced, weights from the model, packed weights only for
   * specialized kernels (none with the reference kernels). */
  octet_memory_info memory;
  CHECK(octet_session_memory_info(NULL, &memory) == OCTET_INVALID_ARGUMENT);
  CHECK(octet_session_memory_info(session, NULL) == OCTET_INVALID_ARGUMENT);
  CHECK(octet_session_memory_info(session, &memory) == OCTET_OK);
  CHECK(memory.arena_bytes == octet_model_arena_size(model));
  CHECK(memory.model_weight_bytes > 0 && memory.model_weight_bytes < model_size);
  const size_t packed_best = memory.packed_weight_bytes;
  options.isa = "reference";
  octet_session* reference_session = NULL;
  CHECK(octet_session_create(model, &options, &reference_session) == OCTET_OK);
  CHECK(octet_session_memory_info(reference_session, &memory) == OCTET_OK);
  CHECK(memory.packed_weight_bytes == 0 && memory.scratch_bytes == 0);
  CHECK(strcmp(octet_session_isa(reference_session), "reference") == 0);
  int32_t op_index;
  for (op_index = 0; op_index < octet_session_num_ops(reference_session); ++op_index) {
    const char* kernel_name = NULL;
    CHECK(octet_session_op_info(reference_session, op_index, NULL, &kernel_name, NULL) == OCTET_OK);
    CHECK(kernel_name && strcmp(kernel_name, "reference") == 0);
  }
  octet_session_destroy(reference_session);
  /* Packed weights are counted once a kernel packs (every ISA, scalar included, packs its GEMMs);
   * the suite also runs with OCTET_ISA=reference, where the default session packs nothing. */
  CHECK((packed_best > 0) == (strcmp(octet_session_isa(session), "reference") != 0));

  /* A model destroyed before its sessions stays alive until they are gone. */
  octet_model_destroy(model);
  CHECK(octet_session_run(session) == OCTET_OK);
  CHECK(memcmp(octet_session_output_data(session, 0), expected, expected_size) == 0);
  octet_session_destroy(session);
  octet_session_destroy(session2);
  octet_model_destroy(model2);
  octet_model_destroy(NULL);
  octet_session_destroy(NULL);
  free(model_bytes);
  free(input);
  free(expected);

  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}
