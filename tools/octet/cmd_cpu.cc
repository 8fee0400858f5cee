// octet cpu: what this CPU supports, what this build compiled, and what the kernels will use.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kernels/dispatch/isa.h"
#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"

namespace octet::cli {

const char kCpuUsage[] =
    "usage: octet cpu\n"
    "\n"
    "Prints the instruction sets this CPU supports (cpuinfo, plus CPUID/HWCAP checks for AVX-VNNI and\n"
    "i8mm), those this build has kernels for, the OCTET_ISA cap if set, and the one kernels will use.\n";

int CpuCommand(const Args& args) {
  const ParsedArgs parsed = ParseArgs("cpu", args, {});
  if (parsed.help) {
    std::fputs(kCpuUsage, stdout);
    return kExitOk;
  }
  if (!parsed.positional.empty()) UsageError("cpu takes no arguments");
  const IsaSet detected = DetectedIsas();
  const IsaSet built = BuiltIsas();
  std::string error;
  const IsaSet usable = UsableIsas(nullptr, &error);
  const char* cap = std::getenv("OCTET_ISA");
  std::printf("detected:  %s\n", IsaSetString(detected).c_str());
  std::printf("built:     %s\n", IsaSetString(built).c_str());
  std::printf("OCTET_ISA: %s\n", cap && *cap ? cap : "(not set)");
  if (!error.empty()) std::printf("warning:   %s\n", error.c_str());
  std::printf("usable:    %s\n", IsaSetString(usable).c_str());
  std::printf("will run:  %s\n", IsaName(BestIsa(usable)));
  return kExitOk;
}

}  // namespace octet::cli
