// The C API: a thin shim over the C++ core. No logic lives here beyond argument checks, and no
// exception crosses it.
#include <atomic>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "kernels/dispatch/isa.h"
#include "octet/octet.h"
#include "runtime/graph/executor.h"
#include "runtime/model/model.h"

struct octet_model {
  std::shared_ptr<const octet::Model> model;
};

struct octet_session {
  std::unique_ptr<octet::Session> session;
  // A session serves one thread at a time; a second concurrent run is refused, not raced.
  std::atomic<bool> running{false};
};

namespace {

thread_local std::string last_error;

octet_status Fail(octet_status code, const std::string& message) {
  try {
    last_error = message;
  } catch (...) {
    // Out of memory while recording the message: the code alone must do.
  }
  return code;
}

octet_status Report(const octet::Status& status) {
  if (status.ok()) return OCTET_OK;
  return Fail(status.code(), status.message());
}

// Runs `body`, turning any escaping exception into a status.
template <typename Body>
octet_status Guard(Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(OCTET_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return Fail(OCTET_INTERNAL_ERROR, std::string("internal error: ") + e.what());
  } catch (...) {
    return Fail(OCTET_INTERNAL_ERROR, "internal error");
  }
}

void FillInfo(const octet::Model& model, int tensor_index, octet_tensor_info* info) {
  const octet::Tensor& t = model.tensors()[static_cast<size_t>(tensor_index)];
  std::memset(info, 0, sizeof(*info));
  info->name = t.name.c_str();
  info->type = t.type;
  info->rank = t.rank();
  for (int i = 0; i < t.rank(); ++i) info->shape[i] = t.dim(i);
  info->byte_size = t.byte_size;
  info->num_scales = static_cast<int32_t>(t.scales.size());
  info->scales = t.scales.empty() ? nullptr : t.scales.data();
  info->zero_points = t.zero_points.empty() ? nullptr : t.zero_points.data();
  info->quantized_axis = t.quantized_axis;
}

octet_status TensorInfo(const octet::Model* model, const std::vector<int>& list, const char* what, int32_t index,
                        octet_tensor_info* info) {
  if (!model || !info) return Fail(OCTET_INVALID_ARGUMENT, std::string("octet_") + what + "_info: NULL argument");
  if (index < 0 || static_cast<size_t>(index) >= list.size()) {
    return Fail(OCTET_INVALID_ARGUMENT, std::string(what) + " index " + std::to_string(index) +
                                            " is out of range (the model has " + std::to_string(list.size()) + ")");
  }
  FillInfo(*model, list[static_cast<size_t>(index)], info);
  return OCTET_OK;
}

}  // namespace

extern "C" {

const char* octet_version(void) {
#define OCTET_STR2(x) #x
#define OCTET_STR(x) OCTET_STR2(x)
  return OCTET_STR(OCTET_VERSION_MAJOR) "." OCTET_STR(OCTET_VERSION_MINOR) "." OCTET_STR(OCTET_VERSION_PATCH);
}

uint32_t octet_format_version(void) { return OCTET_FORMAT_VERSION; }

const char* octet_last_error(void) { return last_error.c_str(); }

const char* octet_status_string(octet_status status) {
  switch (status) {
    case OCTET_OK:
      return "ok";
    case OCTET_INVALID_ARGUMENT:
      return "invalid argument";
    case OCTET_IO_ERROR:
      return "i/o error";
    case OCTET_INVALID_MODEL:
      return "invalid model";
    case OCTET_UNSUPPORTED:
      return "unsupported";
    case OCTET_OUT_OF_MEMORY:
      return "out of memory";
    case OCTET_INTERNAL_ERROR:
      return "internal error";
  }
  return "unknown status";
}

octet_status octet_model_load_file(const char* path, octet_model** model) {
  return Guard([&] {
    if (!path || !model) return Fail(OCTET_INVALID_ARGUMENT, "octet_model_load_file: NULL argument");
    *model = nullptr;
    std::shared_ptr<const octet::Model> loaded;
    const octet::Status status = octet::Model::LoadFile(path, &loaded);
    if (!status.ok()) return Report(status);
    *model = new octet_model{std::move(loaded)};
    return OCTET_OK;
  });
}

octet_status octet_model_load_memory(const void* data, size_t size, octet_model** model) {
  return Guard([&] {
    if (!data || !model) return Fail(OCTET_INVALID_ARGUMENT, "octet_model_load_memory: NULL argument");
    *model = nullptr;
    std::shared_ptr<const octet::Model> loaded;
    const octet::Status status = octet::Model::LoadMemory(data, size, &loaded);
    if (!status.ok()) return Report(status);
    *model = new octet_model{std::move(loaded)};
    return OCTET_OK;
  });
}

void octet_model_destroy(octet_model* model) { delete model; }

int32_t octet_model_num_inputs(const octet_model* model) {
  return model ? static_cast<int32_t>(model->model->inputs().size()) : 0;
}

int32_t octet_model_num_outputs(const octet_model* model) {
  return model ? static_cast<int32_t>(model->model->outputs().size()) : 0;
}

octet_status octet_model_input_info(const octet_model* model, int32_t index, octet_tensor_info* info) {
  if (!model) return Fail(OCTET_INVALID_ARGUMENT, "octet_model_input_info: NULL model");
  return TensorInfo(model->model.get(), model->model->inputs(), "input", index, info);
}

octet_status octet_model_output_info(const octet_model* model, int32_t index, octet_tensor_info* info) {
  if (!model) return Fail(OCTET_INVALID_ARGUMENT, "octet_model_output_info: NULL model");
  return TensorInfo(model->model.get(), model->model->outputs(), "output", index, info);
}

size_t octet_model_arena_size(const octet_model* model) { return model ? model->model->arena_size() : 0; }

void octet_session_options_init(octet_session_options* options) {
  if (!options) return;
  std::memset(options, 0, sizeof(*options));
  options->size = sizeof(*options);
  options->num_threads = 1;
}

octet_status octet_session_create(octet_model* model, const octet_session_options* options, octet_session** session) {
  return Guard([&] {
    if (!model || !session) return Fail(OCTET_INVALID_ARGUMENT, "octet_session_create: NULL argument");
    *session = nullptr;
    octet::SessionOptions opts;
    if (options) {
      if (options->size < offsetof(octet_session_options, num_threads) + sizeof(int32_t)) {
        return Fail(OCTET_INVALID_ARGUMENT, "octet_session_create: options->size is " + std::to_string(options->size) +
                                                "; call octet_session_options_init first");
      }
      if (options->num_threads < 0) {
        return Fail(OCTET_INVALID_ARGUMENT,
                    "octet_session_create: num_threads is " + std::to_string(options->num_threads) + ", must be >= 0");
      }
      opts.num_threads = options->num_threads == 0 ? 1 : options->num_threads;
      if (options->size >= offsetof(octet_session_options, isa) + sizeof(const char*) && options->isa) {
        if (std::string(options->isa) == "reference") {
          opts.reference_only = true;
        } else if (!octet::ParseIsa(options->isa, &opts.isa_cap)) {
          return Fail(OCTET_INVALID_ARGUMENT,
                      std::string("octet_session_create: isa \"") + options->isa +
                          "\" is not one of reference scalar sse41 avx2 avxvnni avx512vnni neon neondot i8mm");
        } else {
          opts.has_isa_cap = true;
        }
      }
    }
    std::unique_ptr<octet::Session> created;
    const octet::Status status = octet::Session::Create(model->model, opts, &created);
    if (!status.ok()) return Report(status);
    *session = new octet_session;
    (*session)->session = std::move(created);
    return OCTET_OK;
  });
}

void octet_session_destroy(octet_session* session) { delete session; }

octet_status octet_session_input_info(const octet_session* session, int32_t index, octet_tensor_info* info) {
  if (!session) return Fail(OCTET_INVALID_ARGUMENT, "octet_session_input_info: NULL session");
  const octet::Model& m = session->session->model();
  return TensorInfo(&m, m.inputs(), "input", index, info);
}

octet_status octet_session_output_info(const octet_session* session, int32_t index, octet_tensor_info* info) {
  if (!session) return Fail(OCTET_INVALID_ARGUMENT, "octet_session_output_info: NULL session");
  const octet::Model& m = session->session->model();
  return TensorInfo(&m, m.outputs(), "output", index, info);
}

void* octet_session_input_data(octet_session* session, int32_t index) {
  if (!session) return nullptr;
  const auto& inputs = session->session->model().inputs();
  if (index < 0 || static_cast<size_t>(index) >= inputs.size()) return nullptr;
  return session->session->tensor_data(inputs[static_cast<size_t>(index)]);
}

const void* octet_session_output_data(const octet_session* session, int32_t index) {
  if (!session) return nullptr;
  const auto& outputs = session->session->model().outputs();
  if (index < 0 || static_cast<size_t>(index) >= outputs.size()) return nullptr;
  return session->session->tensor_data(outputs[static_cast<size_t>(index)]);
}

const char* octet_session_isa(const octet_session* session) {
  if (!session) return "";
  const octet::IsaSet usable = session->session->plan().usable;
  return usable == 0 ? "reference" : octet::IsaName(octet::BestIsa(usable));
}

int32_t octet_session_num_ops(const octet_session* session) {
  return session ? static_cast<int32_t>(session->session->plan().kernels.size()) : 0;
}

octet_status octet_session_op_info(const octet_session* session, int32_t index, const char** op_type,
                                   const char** kernel, int64_t* macs) {
  if (!session) return Fail(OCTET_INVALID_ARGUMENT, "octet_session_op_info: NULL session");
  const octet::ExecutionPlan& plan = session->session->plan();
  if (index < 0 || static_cast<size_t>(index) >= plan.kernels.size()) {
    return Fail(OCTET_INVALID_ARGUMENT, "octet_session_op_info: operator index " + std::to_string(index) +
                                            " is out of range (the model has " + std::to_string(plan.kernels.size()) +
                                            ")");
  }
  const octet::Operator& op = session->session->model().operators()[static_cast<size_t>(index)];
  if (op_type) *op_type = octet::OpTypeName(op.type);
  if (kernel) *kernel = plan.kernels[static_cast<size_t>(index)]->name();
  if (macs) *macs = op.macs;
  return OCTET_OK;
}

octet_status octet_session_memory_info(const octet_session* session, octet_memory_info* info) {
  if (!session || !info) return Fail(OCTET_INVALID_ARGUMENT, "octet_session_memory_info: NULL argument");
  const octet::Session& s = *session->session;
  info->arena_bytes = s.arena_bytes();
  info->scratch_bytes = s.scratch_bytes();
  info->packed_weight_bytes = s.plan().packed_bytes;
  info->model_weight_bytes = s.model().constant_bytes();
  return OCTET_OK;
}

octet_status octet_session_run_profiled(octet_session* session, int64_t* op_nanoseconds) {
  if (!session || !op_nanoseconds) return Fail(OCTET_INVALID_ARGUMENT, "octet_session_run_profiled: NULL argument");
  if (session->running.exchange(true, std::memory_order_acquire)) {
    return Fail(OCTET_INVALID_ARGUMENT, "octet_session_run_profiled: the session is already running on another thread");
  }
  session->session->Run(op_nanoseconds);
  session->running.store(false, std::memory_order_release);
  return OCTET_OK;
}

octet_status octet_session_run(octet_session* session) {
  if (!session) return Fail(OCTET_INVALID_ARGUMENT, "octet_session_run: NULL session");
  if (session->running.exchange(true, std::memory_order_acquire)) {
    return Fail(OCTET_INVALID_ARGUMENT,
                "octet_session_run: the session is already running on another thread (use one session per thread)");
  }
  session->session->Run();
  session->running.store(false, std::memory_order_release);
  return OCTET_OK;
}

}  // extern "C"
