// Runs one model from memory on several threads: the model is loaded once and shared (it is
// immutable), each thread creates its own session (its own activation memory) and runs it on the
// same input. Every thread must produce the same output bytes.
//
//   threads MODEL.octet [THREADS] [RUNS]
//
// Prints one line per thread and exits with 1 if any output differs from thread 0's.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <octet/octet.h>

namespace {

// Owning handles: the C API's objects released on every path.
struct ModelDeleter {
  void operator()(octet_model* m) const { octet_model_destroy(m); }
};
struct SessionDeleter {
  void operator()(octet_session* s) const { octet_session_destroy(s); }
};
struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

struct ThreadResult {
  std::vector<uint8_t> output;  // the first output's bytes after the last run
  std::string error;            // empty on success
};

// One thread's work: a session of its own on the shared model, `runs` runs on the same input.
void Worker(octet_model* model, const std::vector<uint8_t>& input, int runs, ThreadResult* result) {
  octet_session* raw = nullptr;
  if (octet_session_create(model, nullptr, &raw) != OCTET_OK) {
    result->error = octet_last_error();  // the error text is per thread
    return;
  }
  const std::unique_ptr<octet_session, SessionDeleter> session(raw);
  octet_tensor_info out;
  octet_session_output_info(session.get(), 0, &out);
  for (int r = 0; r < runs; ++r) {
    std::memcpy(octet_session_input_data(session.get(), 0), input.data(), input.size());
    if (octet_session_run(session.get()) != OCTET_OK) {
      result->error = octet_last_error();
      return;
    }
  }
  const auto* bytes = static_cast<const uint8_t*>(octet_session_output_data(session.get(), 0));
  result->output.assign(bytes, bytes + out.byte_size);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: threads MODEL.octet [THREADS] [RUNS]\n");
    return 2;
  }
  const int num_threads = argc > 2 ? std::atoi(argv[2]) : 4;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  if (num_threads < 1 || num_threads > 256 || runs < 1) {
    std::fprintf(stderr, "threads: THREADS must be 1..256 and RUNS at least 1\n");
    return 2;
  }

  // The model bytes in memory. malloc's memory is 16-byte aligned, so octet uses it in place
  // (no copy): it must stay alive and unchanged until the model is destroyed.
  std::ifstream file(argv[1], std::ios::binary);
  const std::vector<char> contents((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file.good() && !file.eof()) {
    std::fprintf(stderr, "threads: cannot read %s\n", argv[1]);
    return 1;
  }
  const std::unique_ptr<void, FreeDeleter> bytes(std::malloc(contents.size() + 1));
  if (bytes == nullptr) return 1;
  std::memcpy(bytes.get(), contents.data(), contents.size());

  octet_model* raw_model = nullptr;
  if (octet_model_load_memory(bytes.get(), contents.size(), &raw_model) != OCTET_OK) {
    std::fprintf(stderr, "threads: %s: %s\n", argv[1], octet_last_error());
    return 1;
  }
  const std::unique_ptr<octet_model, ModelDeleter> model(raw_model);

  // One input for everyone: a fixed pseudo-random pattern of the input's size.
  octet_tensor_info in;
  if (octet_model_input_info(model.get(), 0, &in) != OCTET_OK) {
    std::fprintf(stderr, "threads: %s\n", octet_last_error());
    return 1;
  }
  std::vector<uint8_t> input(in.byte_size);
  uint32_t state = 12345;
  for (uint8_t& b : input) {
    state = state * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(state >> 24);
  }

  std::vector<ThreadResult> results(static_cast<size_t>(num_threads));
  std::vector<std::thread> threads;
  for (int t = 0; t < num_threads; ++t) {
    threads.emplace_back(Worker, model.get(), std::cref(input), runs, &results[static_cast<size_t>(t)]);
  }
  for (std::thread& t : threads) t.join();

  int status = 0;
  for (int t = 0; t < num_threads; ++t) {
    const ThreadResult& r = results[static_cast<size_t>(t)];
    if (!r.error.empty()) {
      std::printf("thread %d: error: %s\n", t, r.error.c_str());
      status = 1;
      continue;
    }
    const bool same = r.output == results[0].output;
    uint32_t checksum = 2166136261u;  // FNV-1a of the output bytes
    for (uint8_t b : r.output) checksum = (checksum ^ b) * 16777619u;
    std::printf("thread %d: %d runs, output %zu bytes, checksum %08x%s\n", t, runs, r.output.size(),
                static_cast<unsigned>(checksum), same ? "" : "  DIFFERS from thread 0");
    if (!same) status = 1;
  }
  std::printf(status == 0 ? "all %d threads produced identical outputs\n" : "threads disagree (%d threads)\n",
              num_threads);
  return status;
}
