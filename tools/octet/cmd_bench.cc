// octet bench MODEL [--threads N] [--warmup N] [--runs N] [--json FILE] [--seed S]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"
#include "tools/octet/model_summary.h"

namespace octet::cli {

const char kBenchUsage[] =
    "usage: octet bench MODEL [--threads N] [--warmup N] [--runs N] [--json FILE] [--seed S] [--isa ISA]\n"
    "\n"
    "Times loading the model and creating a session, fills the inputs with seeded random values,\n"
    "runs --warmup untimed runs (default 3) and --runs timed runs (default 20), then prints min,\n"
    "median, p10, p90, mean and standard deviation in ms, the arena size and GMAC/s (MACs of\n"
    "CONV/DEPTHWISE/FC over the median time). --threads (default 0 = the runtime's default) goes\n"
    "to the session options. --json FILE also writes the figures as JSON (keys include median_ms).\n"
    "--isa caps the instruction sets the kernels may use (scalar, sse41, avx2, avxvnni, avx512vnni,\n"
    "neon, neondot, i8mm); without it OCTET_ISA or the best available applies.\n";

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
  const ParsedArgs parsed = ParseArgs("bench", args, {"--isa", "--threads", "--warmup", "--runs", "--json", "--seed"});
  if (parsed.help) {
    std::fputs(kBenchUsage, stdout);
    return kExitOk;
  }
  if (parsed.positional.size() != 1) UsageError("expected one MODEL (see 'octet bench --help')");
  const int threads = static_cast<int>(parsed.GetInt("--threads", 0, 0, 1024));
  const int64_t warmup = parsed.GetInt("--warmup", 3, 0, 1000000);
  const int64_t runs = parsed.GetInt("--runs", 20, 1, 1000000);
  const uint64_t seed = static_cast<uint64_t>(parsed.GetInt("--seed", 1, 0, INT64_MAX));
  const std::string& model_name = parsed.positional[0];

  const ModelSource source = LoadModelSource(model_name);
  ModelSummary summary;
  std::string error;
  if (!SummarizeModel(source.bytes.data(), source.bytes.size(), &summary, &error)) {
    Failure("model '" + model_name + "': " + error);
  }

  // Load + prepare: what an application pays before its first run.
  const auto load_start = Clock::now();
  const ModelHandle model =
      source.kind == ModelSource::Kind::kOctetFile ? LoadModelFile(model_name) : LoadModel(source.bytes, model_name);
  const SessionHandle session = CreateSession(model.get(), threads, model_name, parsed.Get("--isa"));
  const double load_ms = MsSince(load_start);
  const size_t arena = octet_model_arena_size(model.get());

  std::mt19937_64 engine(seed);
  for (int i = 0; i < octet_model_num_inputs(model.get()); ++i) FillRandom(session.get(), i, engine);

  for (int64_t i = 0; i < warmup; ++i) CheckStatus(octet_session_run(session.get()), "warm-up run failed");
  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(runs));
  for (int64_t i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    CheckStatus(octet_session_run(session.get()), "timed run failed");
    samples.push_back(MsSince(start));
  }
  const Stats stats = ComputeStats(samples);
  const double gmacs = stats.median > 0 ? static_cast<double>(summary.total_macs) / (stats.median * 1e6) : 0.0;

  std::printf("model: %s\n", model_name.c_str());
  if (source.kind != ModelSource::Kind::kOctetFile) {
    std::printf("%s: %.2f ms\n", source.kind == ModelSource::Kind::kBuiltin ? "build" : "convert", source.prepare_ms);
  }
  std::printf("load+prepare: %.2f ms\n", load_ms);
  std::printf("isa: %s\n", octet_session_isa(session.get()));
  std::printf("threads: %d, warmup: %lld, runs: %lld\n", threads, static_cast<long long>(warmup),
              static_cast<long long>(runs));
  std::printf("min %.3f ms, median %.3f ms, p10 %.3f ms, p90 %.3f ms, mean %.3f ms, stddev %.3f ms\n", stats.min,
              stats.median, stats.p10, stats.p90, stats.mean, stats.stddev);
  std::printf("arena: %zu bytes, MACs: %s, %.2f GMAC/s (at the median)\n", arena,
              HumanCount(static_cast<double>(summary.total_macs)).c_str(), gmacs);

  if (parsed.Has("--json")) {
    const std::string path = parsed.Get("--json");
    char numbers[1024];
    std::snprintf(numbers, sizeof(numbers),
                  "  \"threads\": %d,\n  \"warmup\": %lld,\n  \"runs\": %lld,\n  \"prepare_ms\": %.6f,\n"
                  "  \"load_ms\": %.6f,\n  \"min_ms\": %.6f,\n  \"median_ms\": %.6f,\n  \"p10_ms\": %.6f,\n"
                  "  \"p90_ms\": %.6f,\n  \"mean_ms\": %.6f,\n  \"stddev_ms\": %.6f,\n  \"arena_bytes\": %zu,\n"
                  "  \"macs\": %lld,\n  \"gmacs_per_s\": %.6f\n",
                  threads, static_cast<long long>(warmup), static_cast<long long>(runs), source.prepare_ms, load_ms,
                  stats.min, stats.median, stats.p10, stats.p90, stats.mean, stats.stddev, arena,
                  static_cast<long long>(summary.total_macs), gmacs);
    const std::string json = "{\n  \"model\": " + JsonString(model_name) + ",\n  \"isa\": " +
                             JsonString(octet_session_isa(session.get())) + ",\n" + numbers + "}\n";
    WriteFile(path, json.data(), json.size(), "JSON file");
    std::printf("wrote %s\n", path.c_str());
  }
  return kExitOk;
}

}  // namespace octet::cli
