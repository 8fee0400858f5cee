/* octet: an int8 inference runtime. The whole public C API.
 *
 * Usage:
 *   octet_model* model;
 *   if (octet_model_load_file("net.octet", &model) != OCTET_OK) puts(octet_last_error());
 *   octet_session* session;
 *   octet_session_create(model, NULL, &session);
 *   octet_tensor_info in;
 *   octet_session_input_info(session, 0, &in);
 *   memcpy(octet_session_input_data(session, 0), pixels, in.byte_size);
 *   octet_session_run(session);
 *   const void* scores = octet_session_output_data(session, 0);
 *   octet_session_destroy(session);
 *   octet_model_destroy(model);
 *
 * Errors: every function that can fail returns an octet_status; OCTET_OK is 0. The text of the
 * last failure on the calling thread (naming the file, tensor, operator and field involved) is
 * returned by octet_last_error(). No function aborts the process or lets a C++ exception escape.
 *
 * Thread safety: a model is immutable once loaded and may be shared by sessions on any threads.
 * A session must be used by one thread at a time.
 */
#ifndef OCTET_OCTET_H_
#define OCTET_OCTET_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define OCTET_API
#else
#define OCTET_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Library version of this header; octet_version() gives the library's at run time. */
#define OCTET_VERSION_MAJOR 0
#define OCTET_VERSION_MINOR 1
#define OCTET_VERSION_PATCH 0
/* Newest model format version this library reads (schema/octet.fbs, Model.format_version). */
#define OCTET_FORMAT_VERSION 1

typedef enum octet_status {
  OCTET_OK = 0,
  OCTET_INVALID_ARGUMENT = 1, /* a NULL pointer, an index out of range, a bad option */
  OCTET_IO_ERROR = 2,         /* a file could not be opened, mapped or read */
  OCTET_INVALID_MODEL = 3,    /* the model file is malformed or inconsistent */
  OCTET_UNSUPPORTED = 4,      /* well-formed, but uses something this build cannot run */
  OCTET_OUT_OF_MEMORY = 5,
  OCTET_INTERNAL_ERROR = 6
} octet_status;

typedef enum octet_type {
  OCTET_TYPE_INT8 = 0,
  OCTET_TYPE_UINT8 = 1,
  OCTET_TYPE_INT32 = 2,
  OCTET_TYPE_FLOAT32 = 3
} octet_type;

#define OCTET_MAX_RANK 6

/* Describes one graph input or output. Pointers stay valid as long as the model. */
typedef struct octet_tensor_info {
  const char* name;
  octet_type type;
  int32_t rank;
  int32_t shape[OCTET_MAX_RANK];
  size_t byte_size;
  /* Quantization: num_scales == 0 for float tensors, 1 for per-tensor, else per-channel along
   * quantized_axis. scales[i] and zero_points[i] have num_scales entries. */
  int32_t num_scales;
  const float* scales;
  const int64_t* zero_points;
  int32_t quantized_axis;
} octet_tensor_info;

typedef struct octet_model octet_model;
typedef struct octet_session octet_session;

/* Version of the library, "MAJOR.MINOR.PATCH". */
OCTET_API const char* octet_version(void);
/* Newest model format version the library reads. */
OCTET_API uint32_t octet_format_version(void);
/* Text of the last error on this thread ("" if none). Valid until the next octet call on it. */
OCTET_API const char* octet_last_error(void);
/* Short name of a status code, e.g. "invalid model". */
OCTET_API const char* octet_status_string(octet_status status);

/* Loads and verifies a model from a file, which is memory-mapped: weights are used in place. */
OCTET_API octet_status octet_model_load_file(const char* path, octet_model** model);
/* Loads and verifies a model from memory. When `data` is 16-byte aligned (malloc's is) the bytes are
 * not copied: the caller keeps them alive and unchanged until octet_model_destroy. A misaligned
 * buffer is copied once into aligned memory. */
OCTET_API octet_status octet_model_load_memory(const void* data, size_t size, octet_model** model);
/* Destroys a model. Sessions created from it keep it alive until they are destroyed. NULL is ok. */
OCTET_API void octet_model_destroy(octet_model* model);

OCTET_API int32_t octet_model_num_inputs(const octet_model* model);
OCTET_API int32_t octet_model_num_outputs(const octet_model* model);
OCTET_API octet_status octet_model_input_info(const octet_model* model, int32_t index,
                                              octet_tensor_info* info);
OCTET_API octet_status octet_model_output_info(const octet_model* model, int32_t index,
                                               octet_tensor_info* info);
/* Bytes of the activation arena one session of this model allocates. */
OCTET_API size_t octet_model_arena_size(const octet_model* model);

typedef struct octet_session_options {
  size_t size;         /* sizeof(octet_session_options): lets the struct grow compatibly */
  int32_t num_threads; /* 0 = default; reserved for the multi-threaded executor */
  /* Cap on the instruction sets kernels may use: "scalar", "sse41", "avx2", "avxvnni", "avx512vnni",
   * "neon", "neondot" or "i8mm"; the best available at or below it is used. "reference" runs the
   * portable reference kernels only. NULL: the OCTET_ISA environment variable if set, else the best
   * this CPU supports. */
  const char* isa;
} octet_session_options;

/* Fills defaults (size set, one thread, no ISA cap). */
OCTET_API void octet_session_options_init(octet_session_options* options);

/* Creates a session (its own activation memory) on a model. options may be NULL. */
OCTET_API octet_status octet_session_create(octet_model* model, const octet_session_options* options,
                                            octet_session** session);
OCTET_API void octet_session_destroy(octet_session* session);

OCTET_API octet_status octet_session_input_info(const octet_session* session, int32_t index,
                                                octet_tensor_info* info);
OCTET_API octet_status octet_session_output_info(const octet_session* session, int32_t index,
                                                 octet_tensor_info* info);
/* Where to write input `index` (byte_size bytes) before octet_session_run; NULL if out of range. */
OCTET_API void* octet_session_input_data(octet_session* session, int32_t index);
/* Output `index` after octet_session_run; valid until the next run. NULL if out of range. */
OCTET_API const void* octet_session_output_data(const octet_session* session, int32_t index);
/* The strongest instruction set the session's kernels may use, e.g. "avx512vnni" ("reference" when
 * only the reference kernels run). */
OCTET_API const char* octet_session_isa(const octet_session* session);
/* Number of operators, and for operator `index` its type name (e.g. "CONV_2D"), the kernel that
 * runs it (e.g. "reference" or an optimized kernel's name) and its multiply-accumulates per run.
 * Returned strings live as long as the session. */
OCTET_API int32_t octet_session_num_ops(const octet_session* session);
OCTET_API octet_status octet_session_op_info(const octet_session* session, int32_t index, const char** op_type,
                                             const char** kernel, int64_t* macs);
/* Runs the model on the current inputs. */
OCTET_API octet_status octet_session_run(octet_session* session);

#ifdef __cplusplus
}
#endif

#endif /* OCTET_OCTET_H_ */
