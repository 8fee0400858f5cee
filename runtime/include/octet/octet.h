/**
 * @file octet.h
 * @brief octet: an int8 inference runtime. The whole public C API.
 *
 * Usage:
 * @code
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
 * @endcode
 *
 * **Errors.** Every function that can fail returns an ::octet_status; ::OCTET_OK is 0. The text of
 * the last failure on the calling thread (naming the file, tensor, operator and field involved) is
 * returned by octet_last_error(). No function aborts the process or lets a C++ exception escape.
 * Functions that return a value instead of a status (counts, pointers) return 0, NULL or "" for a
 * NULL handle or an index out of range, and do not set the error text.
 *
 * **Ownership.** A handle made by a `_create` or `_load` function belongs to the caller, who
 * releases it with the matching `_destroy` function. Every pointer the library returns (names,
 * strings, tensor data) stays owned by the library; its lifetime is given with each function.
 *
 * **Thread safety.** A model is immutable once loaded and may be shared by sessions on any threads;
 * the functions taking a `const octet_model*` may be called concurrently. A session must be used
 * by one thread at a time (different sessions run concurrently, one per thread, on one model); a
 * run started while another is in progress on the same session is refused with
 * ::OCTET_INVALID_ARGUMENT rather than raced.
 * Loading models is thread-safe; the error text is kept per thread.
 *
 * **Linking.** liboctet.so exports exactly these functions. liboctet.a also needs cpuinfo and
 * the C++ runtime: find_package(octet) and `pkg-config --static --libs octet` add them.
 */
#ifndef OCTET_OCTET_H_
#define OCTET_OCTET_H_

#include <stddef.h>
#include <stdint.h>

/** @cond OCTET_INTERNAL
 * OCTET_API marks the C API. octet's own sources are compiled with -fvisibility=hidden, so this
 * attribute is what exports these functions from liboctet.so (its version script then drops
 * anything else). It is right in every other use too: objects of the static library keep the API
 * visible, so an app that wraps liboctet.a into its own shared library may re-export it; and for an
 * app that includes this header under `#pragma GCC visibility push(hidden)`, it keeps the calls
 * going through the PLT to liboctet.so instead of assuming a hidden local definition.
 */
#if defined(_WIN32)
#define OCTET_API
#else
#define OCTET_API __attribute__((visibility("default")))
#endif
/** @endcond */

#ifdef __cplusplus
extern "C" {
#endif

/** Major version of this header; octet_version() gives the library's at run time. Before 1.0, a
 * new minor version may change the API (the CMake package accepts the same MAJOR.MINOR only). */
#define OCTET_VERSION_MAJOR 0
/** Minor version of this header. */
#define OCTET_VERSION_MINOR 1
/** Patch version of this header. */
#define OCTET_VERSION_PATCH 0
/** Newest model format version this library reads (schema/octet.fbs, Model.format_version). */
#define OCTET_FORMAT_VERSION 1

/** What a function reports. */
typedef enum octet_status {
  OCTET_OK = 0,               /**< success */
  OCTET_INVALID_ARGUMENT = 1, /**< a NULL pointer, an index out of range, a bad option */
  OCTET_IO_ERROR = 2,         /**< a file could not be opened, mapped or read */
  OCTET_INVALID_MODEL = 3,    /**< the model file is malformed or inconsistent */
  OCTET_UNSUPPORTED = 4,      /**< well-formed, but uses something this build cannot run (e.g. an
                                   operator left out with OCTET_OPS, or a newer format version) */
  OCTET_OUT_OF_MEMORY = 5,    /**< an allocation failed */
  OCTET_INTERNAL_ERROR = 6    /**< a bug in octet; the error text says where */
} octet_status;

/** Element type of a tensor. */
typedef enum octet_type {
  OCTET_TYPE_INT8 = 0,   /**< signed 8-bit integer (quantized) */
  OCTET_TYPE_UINT8 = 1,  /**< unsigned 8-bit integer (quantized) */
  OCTET_TYPE_INT32 = 2,  /**< signed 32-bit integer (biases; quantized with the product scale) */
  OCTET_TYPE_FLOAT32 = 3 /**< IEEE single precision */
} octet_type;

/** Largest rank of a tensor octet handles. */
#define OCTET_MAX_RANK 6

/** Describes one graph input or output. Its pointers are owned by the model and stay valid as long
 * as the model does (including while a session keeps a destroyed model alive). A quantized
 * element q stands for the real value scales[c] * (q - zero_points[c]). */
typedef struct octet_tensor_info {
  const char* name;              /**< the tensor's name in the model (UTF-8, never NULL) */
  octet_type type;               /**< element type */
  int32_t rank;                  /**< number of dimensions, 0..OCTET_MAX_RANK */
  int32_t shape[OCTET_MAX_RANK]; /**< dimensions (NHWC for images); entries past rank are 0 */
  size_t byte_size;              /**< bytes of the tensor's data: elements times element size */
  int32_t num_scales;            /**< 0 for float tensors, 1 for per-tensor, else per-channel along quantized_axis */
  const float* scales;           /**< num_scales quantization scales (NULL when num_scales is 0) */
  const int64_t* zero_points;    /**< num_scales zero points (NULL when num_scales is 0) */
  int32_t quantized_axis;        /**< the channel dimension of per-channel quantization */
} octet_tensor_info;

/** A loaded, verified, immutable model (opaque). Made by octet_model_load_file() or
 * octet_model_load_memory(), released by octet_model_destroy(). */
typedef struct octet_model octet_model;
/** A model's execution state: activation memory and prepared kernels (opaque). Made by
 * octet_session_create(), released by octet_session_destroy(). */
typedef struct octet_session octet_session;

/** Version of the library, "MAJOR.MINOR.PATCH" (a static string). Thread-safe. */
OCTET_API const char* octet_version(void);
/** Newest model format version the library reads. Thread-safe. */
OCTET_API uint32_t octet_format_version(void);
/** Text of the most recent failure on the calling thread ("" if none yet). A successful call does
 * not clear it, so read it only after a function returned an error. The string is owned by the
 * library and valid until the next failing octet call on the same thread. */
OCTET_API const char* octet_last_error(void);
/** Short name of a status code, e.g. "invalid model" (a static string; "unknown status" for values
 * outside ::octet_status). Thread-safe. */
OCTET_API const char* octet_status_string(octet_status status);

/** Loads and verifies a model from a file. The file is memory-mapped and its weights are used in
 * place; the mapping is released when the model (and every session on it) is destroyed.
 * Thread-safe.
 * @param path  the .octet file (UTF-8)
 * @param model receives the new model (NULL on failure); the caller owns it
 * @return ::OCTET_OK; ::OCTET_INVALID_ARGUMENT for a NULL argument, ::OCTET_IO_ERROR when the file
 *         cannot be opened or mapped, ::OCTET_INVALID_MODEL when any byte fails verification,
 *         ::OCTET_UNSUPPORTED for a newer format or an operator this build lacks,
 *         ::OCTET_OUT_OF_MEMORY. */
OCTET_API octet_status octet_model_load_file(const char* path, octet_model** model);
/** Loads and verifies a model from memory. When `data` is 16-byte aligned (malloc's is) the bytes are
 * not copied: the caller keeps them alive and unchanged until the model and every session on it are
 * destroyed. A misaligned buffer is copied once into aligned memory (and may be freed on return).
 * Thread-safe.
 * @param data  the model bytes
 * @param size  their number
 * @param model receives the new model (NULL on failure); the caller owns it
 * @return as octet_model_load_file(), without ::OCTET_IO_ERROR. */
OCTET_API octet_status octet_model_load_memory(const void* data, size_t size, octet_model** model);
/** Releases the caller's reference to a model. Sessions created from it keep it alive until they
 * are destroyed, so a model may be destroyed right after its sessions are created. NULL is ignored.
 * Must not race with other calls on the same handle. */
OCTET_API void octet_model_destroy(octet_model* model);

/** Number of graph inputs (0 for NULL). Thread-safe. */
OCTET_API int32_t octet_model_num_inputs(const octet_model* model);
/** Number of graph outputs (0 for NULL). Thread-safe. */
OCTET_API int32_t octet_model_num_outputs(const octet_model* model);
/** Describes graph input `index` (0 .. octet_model_num_inputs() - 1). Thread-safe.
 * @param model the model
 * @param index which input
 * @param info  filled on success; its pointers live as long as the model
 * @return ::OCTET_OK, or ::OCTET_INVALID_ARGUMENT for a NULL argument or an index out of range. */
OCTET_API octet_status octet_model_input_info(const octet_model* model, int32_t index, octet_tensor_info* info);
/** Describes graph output `index` (0 .. octet_model_num_outputs() - 1). Thread-safe.
 * @param model the model
 * @param index which output
 * @param info  filled on success; its pointers live as long as the model
 * @return ::OCTET_OK, or ::OCTET_INVALID_ARGUMENT for a NULL argument or an index out of range. */
OCTET_API octet_status octet_model_output_info(const octet_model* model, int32_t index, octet_tensor_info* info);
/** Bytes of the activation arena one session of this model allocates (0 for NULL). Thread-safe. */
OCTET_API size_t octet_model_arena_size(const octet_model* model);

/** Options of octet_session_create(). Initialize with octet_session_options_init(), then change
 * fields: fields added later will then have their defaults. */
typedef struct octet_session_options {
  size_t size;         /**< sizeof(octet_session_options): lets the struct grow compatibly */
  int32_t num_threads; /**< 0 = default; reserved for the multi-threaded executor */
  /** Cap on the instruction sets kernels may use: "scalar", "sse41", "avx2", "avxvnni", "avx512vnni",
   * "neon", "neondot" or "i8mm"; the best available at or below it is used. "reference" runs the
   * portable reference kernels only. NULL: the OCTET_ISA environment variable if set, else the best
   * this CPU supports. The string is read during octet_session_create() only. */
  const char* isa;
} octet_session_options;

/** Fills defaults (size set, one thread, no ISA cap). NULL is ignored. */
OCTET_API void octet_session_options_init(octet_session_options* options);

/** Creates a session on a model: its own activation memory (octet_model_arena_size() bytes) and
 * kernels prepared for the chosen instruction sets. The session holds a reference to the model.
 * Thread-safe: sessions for different threads may be created concurrently from one model.
 * @param model   the model
 * @param options NULL for the defaults
 * @param session receives the new session (NULL on failure); the caller owns it
 * @return ::OCTET_OK; ::OCTET_INVALID_ARGUMENT for a NULL argument, an uninitialized options->size,
 *         a negative thread count or an unknown ISA name; ::OCTET_UNSUPPORTED when an operator
 *         cannot be prepared; ::OCTET_OUT_OF_MEMORY. */
OCTET_API octet_status octet_session_create(octet_model* model, const octet_session_options* options,
                                            octet_session** session);
/** Destroys a session, its memory and its reference to the model. NULL is ignored. Must not race
 * with other calls on the same session. */
OCTET_API void octet_session_destroy(octet_session* session);

/** Describes input `index` of the session's model (as octet_model_input_info()).
 * @param session the session
 * @param index   which input
 * @param info    filled on success; its pointers live as long as the model
 * @return ::OCTET_OK, or ::OCTET_INVALID_ARGUMENT for a NULL argument or an index out of range. */
OCTET_API octet_status octet_session_input_info(const octet_session* session, int32_t index, octet_tensor_info* info);
/** Describes output `index` of the session's model (as octet_model_output_info()).
 * @param session the session
 * @param index   which output
 * @param info    filled on success; its pointers live as long as the model
 * @return ::OCTET_OK, or ::OCTET_INVALID_ARGUMENT for a NULL argument or an index out of range. */
OCTET_API octet_status octet_session_output_info(const octet_session* session, int32_t index, octet_tensor_info* info);
/** Where to write input `index` (byte_size bytes, aligned for its type) before octet_session_run().
 * The memory belongs to the session and the pointer stays the same for the session's lifetime; a run
 * may reuse it for intermediate results, so write the input before every run. NULL for a NULL session
 * or an index out of range. */
OCTET_API void* octet_session_input_data(octet_session* session, int32_t index);
/** Output `index` after octet_session_run() (byte_size bytes, owned by the session); the contents
 * are valid until the next run or octet_session_destroy(). NULL for a NULL session or an index out of
 * range. */
OCTET_API const void* octet_session_output_data(const octet_session* session, int32_t index);
/** The strongest instruction set the session's kernels may use, e.g. "avx512vnni" ("reference" when
 * only the reference kernels run; "" for NULL). A static string. */
OCTET_API const char* octet_session_isa(const octet_session* session);
/** Number of operators the session runs (0 for NULL). */
OCTET_API int32_t octet_session_num_ops(const octet_session* session);
/** Describes operator `index` (0 .. octet_session_num_ops() - 1) as the session runs it. Any output
 * pointer may be NULL when that value is not wanted.
 * @param session the session
 * @param index   which operator, in execution order
 * @param op_type receives its type name, e.g. "CONV_2D" (lives as long as the session)
 * @param kernel  receives the kernel that runs it, e.g. "reference" or an optimized kernel's name
 *                (lives as long as the session)
 * @param macs    receives its multiply-accumulates per run (0 for operators without dot products)
 * @return ::OCTET_OK, or ::OCTET_INVALID_ARGUMENT for a NULL session or an index out of range. */
OCTET_API octet_status octet_session_op_info(const octet_session* session, int32_t index, const char** op_type,
                                             const char** kernel, int64_t* macs);
/** Memory a session uses, in bytes (octet_session_memory_info()). */
typedef struct octet_memory_info {
  size_t arena_bytes;   /**< this session's activation arena (octet_model_arena_size(), at least 64) */
  size_t scratch_bytes; /**< this session's kernel scratch, for all its threads */
  /** weights, biases and requantization constants repacked for the session's kernels; held by the
   * model once per instruction-set choice and shared by every session that makes the same choice */
  size_t packed_weight_bytes;
  /** constant tensors used in place from the model's bytes (the memory-mapped file, or the caller's
   * buffer for octet_model_load_memory()); pages of weights that were repacked and are never read
   * again may be dropped by the OS */
  size_t model_weight_bytes;
} octet_memory_info;

/** Fills `info` with the memory `session` uses. Thread-safe.
 * @return ::OCTET_OK, or ::OCTET_INVALID_ARGUMENT for a NULL argument. */
OCTET_API octet_status octet_session_memory_info(const octet_session* session, octet_memory_info* info);
/** Runs the model like octet_session_run() and writes each operator's wall time in nanoseconds into
 * op_nanoseconds[0 .. octet_session_num_ops() - 1] (the array must hold that many entries; the
 * caller owns it). Operators are timed one by one, so the sum is slightly above an unprofiled run. */
OCTET_API octet_status octet_session_run_profiled(octet_session* session, int64_t* op_nanoseconds);
/** Runs the model on the current inputs (see octet_session_input_data()) and leaves the outputs in
 * octet_session_output_data(). Runs do not allocate or re-check the model, so for a session that
 * was created successfully this returns ::OCTET_OK.
 * @return ::OCTET_OK, or ::OCTET_INVALID_ARGUMENT for a NULL session or a session already running
 * on another thread. */
OCTET_API octet_status octet_session_run(octet_session* session);

#ifdef __cplusplus
}
#endif

#endif /* OCTET_OCTET_H_ */
