// The octet tool's subcommands. Each takes the arguments after its name, prints its results and
// returns the exit code; failures are thrown as CliError (see cli_common.h).
#ifndef OCTET_TOOLS_OCTET_COMMANDS_H_
#define OCTET_TOOLS_OCTET_COMMANDS_H_

#include <string>
#include <vector>

namespace octet::cli {

using Args = std::vector<std::string>;

int ConvertCommand(const Args& args);
int RunCommand(const Args& args);
int InspectCommand(const Args& args);
int BenchCommand(const Args& args);
int BuiltinCommand(const Args& args);
int CpuCommand(const Args& args);
int QuantizeCommand(const Args& args);

extern const char kConvertUsage[];
extern const char kRunUsage[];
extern const char kInspectUsage[];
extern const char kBenchUsage[];
extern const char kBuiltinUsage[];
extern const char kCpuUsage[];

}  // namespace octet::cli

#endif  // OCTET_TOOLS_OCTET_COMMANDS_H_
