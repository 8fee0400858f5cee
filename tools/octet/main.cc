// octet: the command-line front end of the octet runtime (convert, run, inspect, bench, builtin, cpu).
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "octet/octet.h"
#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"

namespace {

const char kUsage[] =
    "usage: octet COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  convert MODEL.tflite -o MODEL.octet   convert a quantized TFLite model\n"
    "  run MODEL --input IN [--output OUT]    run a model on a raw tensor file or a BMP image\n"
    "      [--top K] [--labels FILE]\n"
    "  inspect MODEL [--dot FILE]             show inputs, outputs, operators, MACs, arena size\n"
    "  bench MODEL [--threads N] [--warmup N] [--runs N] [--json FILE]\n"
    "                                         time load and runs on seeded random inputs\n"
    "  builtin [NAME -o FILE.octet]           list or write the built-in models\n"
    "  quantize MODEL.{tflite,onnx} --calib PATH -o OUT.octet\n"
    "                                         quantize a float model with calibration data\n"
    "  cpu                                    instruction sets detected, built and used\n"
    "\n"
    "MODEL is an .octet file, a .tflite file (converted in memory) or a built-in model name.\n"
    "'octet COMMAND --help' describes a command. Exit codes: 0 success, 1 runtime or model\n"
    "error, 2 usage error.\n";

int Dispatch(const std::string& command, const octet::cli::Args& args) {
  using namespace octet::cli;
  if (command == "convert") return ConvertCommand(args);
  if (command == "run") return RunCommand(args);
  if (command == "inspect") return InspectCommand(args);
  if (command == "bench") return BenchCommand(args);
  if (command == "builtin") return BuiltinCommand(args);
  if (command == "cpu") return CpuCommand(args);
  if (command == "quantize") return QuantizeCommand(args);
  UsageError("unknown command '" + command + "' (see 'octet --help')");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return octet::cli::kExitUsage;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return octet::cli::kExitOk;
  }
  if (command == "--version") {
    std::printf("octet %s (model format %u)\n", octet_version(), octet_format_version());
    return octet::cli::kExitOk;
  }
  try {
    return Dispatch(command, octet::cli::Args(argv + 2, argv + argc));
  } catch (const octet::cli::CliError& e) {
    std::fprintf(stderr, "octet %s: error: %s\n", command.c_str(), e.what());
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "octet %s: error: out of memory\n", command.c_str());
    return octet::cli::kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "octet %s: error: %s\n", command.c_str(), e.what());
    return octet::cli::kExitFailure;
  }
}
