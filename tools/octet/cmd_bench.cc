// octet bench MODEL: load time, first run, timed runs (median and percentiles), per-op profile,
// memory. Flag names follow TFLite's benchmark_model where they mean the same thing.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>

#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"
#include "tools/octet/model_summary.h"

namespace octet::cli {

const char kBenchUsage[] =
    "usage: octet bench MODEL [--threads N] [--warmup N] [--runs N] [--min-seconds S] [--profile]\n"
    "                   [--json FILE] [--seed S] [--isa ISA] [--peak-gmacs G]\n"
    "\n"
    "Times loading the model and creating a session (init), fills the inputs with seeded random\n"
    "values, times the first run, runs --warmup untimed runs (default 3), then timed runs: at least\n"
    "--runs (default 20) and at least --min-seconds seconds (default 0). Prints the ISA and the\n"
    "kernels chosen, min, median, p10, p90, mean and standard deviation in ms, GMAC/s, and memory\n"
    "(activation arena, weights, peak resident set). --profile adds a per-operator table (MACs, time,\n"
    "share, GMAC/s and, with --peak-gmacs G, the % of that peak rate). --threads N (default 1) and\n"
    "--isa ISA (scalar, sse41, avx2, avxvnni, avx512vnni, neon, neondot, i8mm, or reference) go to\n"
    "the session options. --json FILE writes every figure, the samples and the profile as JSON.\n"
    "A progress line is shown on stderr while the runs go on (when stderr is a terminal).\n";

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats {
  double min = 0, median = 0, p10 = 0, p90 = 0, mean = 0, stddev = 0;
};

// Percentile by linear interpolation between the sorted samples (numpy's default).
double Percentile(const std::vector<double>& sorted, double p) {
  const double pos = p * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

Stats ComputeStats(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  Stats s;
  s.min = samples.front();
  s.median = Percentile(samples, 0.5);
  s.p10 = Percentile(samples, 0.1);
  s.p90 = Percentile(samples, 0.9);
  double sum = 0;
  for (double v : samples) sum += v;
  s.mean = sum / static_cast<double>(samples.size());
  double squares = 0;
  for (double v : samples) squares += (v - s.mean) * (v - s.mean);
  s.stddev = samples.size() > 1 ? std::sqrt(squares / static_cast<double>(samples.size() - 1)) : 0.0;
  return s;
}

// Random bytes for integer inputs; floats uniform in [-1, 1) so they stay finite and in range.
void FillRandom(octet_session* session, int index, std::mt19937_64& engine) {
  octet_tensor_info info;
  CheckStatus(octet_session_input_info(session, index, &info), "input " + std::to_string(index));
  uint8_t* data = static_cast<uint8_t*>(octet_session_input_data(session, index));
  if (data == nullptr) Failure("input " + std::to_string(index) + ": the session has no data for it");
  if (info.type == OCTET_TYPE_FLOAT32) {
    for (size_t i = 0; i < info.byte_size / 4; ++i) {
      const float value = static_cast<float>(engine() >> 40) / static_cast<float>(1 << 23) - 1.0f;
      std::memcpy(data + i * 4, &value, 4);
    }
  } else {
    for (size_t i = 0; i < info.byte_size; ++i) data[i] = static_cast<uint8_t>(engine() >> 56);
  }
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

int BenchCommand(const Args& args) {
  const ParsedArgs parsed = ParseArgs(
      "bench", args, {"--isa", "--threads", "--warmup", "--runs", "--min-seconds", "--json", "--seed", "--peak-gmacs"},
      {"--profile"},
      {{"--num_threads", "--threads"},
       {"--num_runs", "--runs"},
       {"--warmup_runs", "--warmup"},
       {"--min_secs", "--min-seconds"}});
  if (parsed.help) {
    std::fputs(kBenchUsage, stdout);
    return kExitOk;
  }
  if (parsed.positional.size() != 1) UsageError("expected one MODEL (see 'octet bench --help')");
  const int threads = static_cast<int>(parsed.GetInt("--threads", 1, 0, 1024));
  const int64_t warmup = parsed.GetInt("--warmup", 3, 0, 1000000);
  const int64_t min_runs = parsed.GetInt("--runs", 20, 1, 1000000);
  const double min_seconds = static_cast<double>(parsed.GetInt("--min-seconds", 0, 0, 100000));
  const double peak_gmacs = static_cast<double>(parsed.GetInt("--peak-gmacs", 0, 0, 1000000));
  const bool profile = parsed.Has("--profile");
  const uint64_t seed = static_cast<uint64_t>(parsed.GetInt("--seed", 1, 0, INT64_MAX));
  const std::string& model_name = parsed.positional[0];
  const bool progress = isatty(STDERR_FILENO) != 0;

  const ModelSource source = LoadModelSource(model_name);
  ModelSummary summary;
  std::string error;
  if (!SummarizeModel(source.bytes.data(), source.bytes.size(), &summary, &error)) {
    Failure("model '" + model_name + "': " + error);
  }

  // Init: load + verify + prepare + session (kernel selection, weight packing, arena).
  const auto load_start = Clock::now();
  const ModelHandle model =
      source.kind == ModelSource::Kind::kOctetFile ? LoadModelFile(model_name) : LoadModel(source.bytes, model_name);
  const SessionHandle session = CreateSession(model.get(), threads, model_name, parsed.Get("--isa"));
  const double init_ms = MsSince(load_start);
  octet_memory_info memory{};
  CheckStatus(octet_session_memory_info(session.get(), &memory), "memory info");

  std::mt19937_64 engine(seed);
  for (int i = 0; i < octet_model_num_inputs(model.get()); ++i) FillRandom(session.get(), i, engine);

  auto first_start = Clock::now();
  CheckStatus(octet_session_run(session.get()), "first run failed");
  const double first_ms = MsSince(first_start);
  for (int64_t i = 0; i < warmup; ++i) CheckStatus(octet_session_run(session.get()), "warm-up run failed");

  std::vector<double> samples;
  const auto timed_start = Clock::now();
  double last_progress = -1;
  while (static_cast<int64_t>(samples.size()) < min_runs || MsSince(timed_start) < min_seconds * 1000.0) {
    const auto start = Clock::now();
    CheckStatus(octet_session_run(session.get()), "timed run failed");
    samples.push_back(MsSince(start));
    const double elapsed = MsSince(timed_start);
    if (progress && elapsed - last_progress > 200) {
      std::fprintf(stderr, "\r  run %zu, last %.3f ms, %.1f s elapsed ", samples.size(), samples.back(),
                   elapsed / 1000);
      last_progress = elapsed;
    }
  }
  if (progress) std::fprintf(stderr, "\r%60s\r", "");
  const Stats stats = ComputeStats(samples);
  const double gmacs = stats.median > 0 ? static_cast<double>(summary.total_macs) / (stats.median * 1e6) : 0.0;

  // Per-operator profile: separate profiled runs (timing each op adds a little overhead).
  const int num_ops = octet_session_num_ops(session.get());
  std::vector<std::vector<int64_t>> op_samples(static_cast<size_t>(num_ops));
  if (profile) {
    std::vector<int64_t> times(static_cast<size_t>(num_ops));
    const int64_t profile_runs = std::max<int64_t>(5, std::min<int64_t>(min_runs, 50));
    for (int64_t r = 0; r < profile_runs; ++r) {
      CheckStatus(octet_session_run_profiled(session.get(), times.data()), "profiled run failed");
      for (int k = 0; k < num_ops; ++k) op_samples[static_cast<size_t>(k)].push_back(times[static_cast<size_t>(k)]);
    }
  }
  struct OpProfile {
    std::string type, kernel, shapes;
    int64_t macs = 0;
    double ms = 0;
  };
  std::vector<OpProfile> ops(static_cast<size_t>(num_ops));
  std::map<std::string, int> kernel_counts;
  double profiled_total = 0;
  for (int k = 0; k < num_ops; ++k) {
    OpProfile& op = ops[static_cast<size_t>(k)];
    const char* type = "";
    const char* kernel = "";
    CheckStatus(octet_session_op_info(session.get(), k, &type, &kernel, &op.macs), "operator info");
    op.type = type;
    op.kernel = kernel;
    ++kernel_counts[op.kernel];
    if (static_cast<size_t>(k) < summary.ops.size()) {
      const OpSummary& s = summary.ops[static_cast<size_t>(k)];
      if (!s.inputs.empty() && s.inputs[0] >= 0)
        op.shapes = ShapeText(summary.tensors[static_cast<size_t>(s.inputs[0])].shape);
      if (!s.outputs.empty()) op.shapes += " -> " + ShapeText(summary.tensors[static_cast<size_t>(s.outputs[0])].shape);
    }
    if (profile) {
      std::vector<double> ms;
      for (int64_t t : op_samples[static_cast<size_t>(k)]) ms.push_back(static_cast<double>(t) / 1e6);
      op.ms = ComputeStats(ms).median;
      profiled_total += op.ms;
    }
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  const long peak_rss_kb = usage.ru_maxrss;

  std::printf("model: %s\n", model_name.c_str());
  if (source.kind != ModelSource::Kind::kOctetFile) {
    std::printf("%s: %.2f ms\n", source.kind == ModelSource::Kind::kBuiltin ? "build" : "convert", source.prepare_ms);
  }
  std::printf("isa: %s, threads: %d\n", octet_session_isa(session.get()), threads);
  std::printf("kernels:");
  for (const auto& [name, count] : kernel_counts) std::printf(" %s x%d", name.c_str(), count);
  std::printf("\n");
  std::printf("init (load + verify + prepare + session): %.2f ms, first run: %.3f ms\n", init_ms, first_ms);
  std::printf("runs: %zu after %lld warm-up\n", samples.size(), static_cast<long long>(warmup));
  std::printf("min %.3f ms, median %.3f ms, p10 %.3f ms, p90 %.3f ms, mean %.3f ms, stddev %.3f ms\n", stats.min,
              stats.median, stats.p10, stats.p90, stats.mean, stats.stddev);
  std::printf(
      "MACs: %s, %.2f GMAC/s at the median%s\n", HumanCount(static_cast<double>(summary.total_macs)).c_str(), gmacs,
      peak_gmacs > 0 ? (", " + std::to_string(static_cast<int>(100 * gmacs / peak_gmacs + 0.5)) + "% of peak").c_str()
                     : "");
  std::printf(
      "memory: arena %zu bytes, scratch %zu bytes, packed weights %zu bytes, weights used from the model %zu bytes, "
      "peak RSS %ld KB\n",
      memory.arena_bytes, memory.scratch_bytes, memory.packed_weight_bytes, memory.model_weight_bytes, peak_rss_kb);
  if (profile) {
    std::printf("\n%4s  %-18s %-34s %-30s %10s %9s %6s %8s%s\n", "op", "type", "kernel", "shapes", "MACs", "ms",
                "share", "GMAC/s", peak_gmacs > 0 ? "  %peak" : "");
    for (int k = 0; k < num_ops; ++k) {
      const OpProfile& op = ops[static_cast<size_t>(k)];
      const double op_gmacs = op.ms > 0 ? static_cast<double>(op.macs) / (op.ms * 1e6) : 0.0;
      std::printf("%4d  %-18s %-34s %-30s %10s %9.4f %5.1f%% %8.2f", k, op.type.c_str(), op.kernel.c_str(),
                  op.shapes.c_str(), op.macs ? HumanCount(static_cast<double>(op.macs)).c_str() : "-", op.ms,
                  profiled_total > 0 ? 100 * op.ms / profiled_total : 0.0, op_gmacs);
      if (peak_gmacs > 0) std::printf("  %5.1f%%", op.macs ? 100 * op_gmacs / peak_gmacs : 0.0);
      std::printf("\n");
    }
    std::printf("profiled total: %.3f ms\n", profiled_total);
  }

  if (parsed.Has("--json")) {
    const std::string path = parsed.Get("--json");
    std::string json = "{\n  \"model\": " + JsonString(model_name) +
                       ",\n  \"isa\": " + JsonString(octet_session_isa(session.get())) + ",\n";
    char numbers[2048];
    std::snprintf(numbers, sizeof(numbers),
                  "  \"threads\": %d,\n  \"warmup\": %lld,\n  \"runs\": %zu,\n  \"prepare_ms\": %.6f,\n"
                  "  \"init_ms\": %.6f,\n  \"load_ms\": %.6f,\n  \"first_run_ms\": %.6f,\n  \"min_ms\": %.6f,\n"
                  "  \"median_ms\": %.6f,\n  \"p10_ms\": %.6f,\n  \"p90_ms\": %.6f,\n  \"mean_ms\": %.6f,\n"
                  "  \"stddev_ms\": %.6f,\n  \"arena_bytes\": %zu,\n  \"scratch_bytes\": %zu,\n"
                  "  \"packed_weight_bytes\": %zu,\n  \"weight_bytes\": %lld,\n"
                  "  \"peak_rss_kb\": %ld,\n  \"macs\": %lld,\n  \"gmacs_per_s\": %.6f,\n",
                  threads, static_cast<long long>(warmup), samples.size(), source.prepare_ms, init_ms, init_ms,
                  first_ms, stats.min, stats.median, stats.p10, stats.p90, stats.mean, stats.stddev, memory.arena_bytes,
                  memory.scratch_bytes, memory.packed_weight_bytes, static_cast<long long>(summary.weight_bytes),
                  peak_rss_kb, static_cast<long long>(summary.total_macs), gmacs);
    json += numbers;
    json += "  \"samples_ms\": [";
    for (size_t i = 0; i < samples.size(); ++i) {
      char v[32];
      std::snprintf(v, sizeof(v), "%s%.6f", i ? ", " : "", samples[i]);
      json += v;
    }
    json += "],\n  \"ops\": [";
    for (int k = 0; k < num_ops; ++k) {
      const OpProfile& op = ops[static_cast<size_t>(k)];
      char v[128];
      std::snprintf(v, sizeof(v), "\"macs\": %lld, \"ms\": %.6f}", static_cast<long long>(op.macs), op.ms);
      json += std::string(k ? ",\n    " : "\n    ") + "{\"index\": " + std::to_string(k) +
              ", \"type\": " + JsonString(op.type) + ", \"kernel\": " + JsonString(op.kernel) +
              ", \"shapes\": " + JsonString(op.shapes) + ", " + v;
    }
    json += "\n  ]\n}\n";
    WriteFile(path, json.data(), json.size(), "JSON file");
    std::printf("wrote %s\n", path.c_str());
  }
  return kExitOk;
}

}  // namespace octet::cli
