#!/usr/bin/env bash
# Size report: the stripped size of a minimal C program (tests/install/consumer/main.c: load a
# model, run it, write the output) linked with liboctet.a, for x86-64 and for aarch64 (cross-built
# with Debian's g++-aarch64-linux-gnu, run under qemu-aarch64), and the share of it that is octet.
#
#   tools/scripts/size_report.sh [--ops "CONV_2D;DEPTHWISE_CONV_2D;..."] [--arch x86_64|aarch64|all]
#                                [--out DIR]
#
# Builds MinSizeRel static libraries only (no tests, tools or benchmarks) in DIR (default
# build-size/<arch>[-ops]); the aarch64 sysroot (libcpuinfo, flatbuffers .debs unpacked with dpkg -x)
# goes to DIR/aarch64-sysroot. Needs: cmake, g++, pkg-config; for aarch64 g++-aarch64-linux-gnu and
# qemu-user, and `dpkg --add-architecture arm64 && apt-get update` once (the script asks apt-get only
# to download the four arm64 packages). The model comes from the octet tool ($OCTET, or build/ or
# build-test/release/, else one is built in DIR/host).
#
# What is linked: the program, liboctet.a, and dynamically libcpuinfo, libstdc++, libm, libc
# (-ffunction-sections/-fdata-sections and --gc-sections drop what the program does not reach). The
# "octet" column subtracts the same program with every octet call stubbed out.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ops=""
arch=all
out="$root/build-size"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ops) ops="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "size_report.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
jobs=${JOBS:-2}
mkdir -p "$out"
suffix=""
[[ -n "$ops" ]] && suffix="-ops"
program="$root/tests/install/consumer/main.c"

# The octet tool, to write the built-in model.
octet_tool=${OCTET:-}
if [[ -z "$octet_tool" ]]; then
  for candidate in "$root/build/tools/octet/octet" "$root/build-test/release/tools/octet/octet"; do
    [[ -x "$candidate" ]] && octet_tool="$candidate" && break
  done
fi
if [[ -z "$octet_tool" ]]; then
  cmake -S "$root" -B "$out/host" -DCMAKE_BUILD_TYPE=Release -DOCTET_BUILD_TESTS=OFF -DOCTET_BUILD_BENCHMARKS=OFF >/dev/null
  cmake --build "$out/host" -j"$jobs" --target octet_cli >/dev/null
  octet_tool="$out/host/tools/octet/octet"
fi
model="$out/mobilenet_v1_0.25_128.octet"
"$octet_tool" builtin mobilenet_v1_0.25_128 -o "$model" >/dev/null
head -c 49152 /dev/zero | tr '\0' 'a' > "$out/input.bin"

# A stub with the same calls, for the baseline (what the program costs without octet).
stub="$out/octet_stub.c"
cat > "$stub" <<'STUB'
#include <octet/octet.h>
static char dummy[1 << 16];
const char* octet_version(void) { return "stub"; }
const char* octet_last_error(void) { return ""; }
octet_status octet_model_load_file(const char* p, octet_model** m) { (void)p; *m = (octet_model*)dummy; return OCTET_OK; }
octet_status octet_session_create(octet_model* m, const octet_session_options* o, octet_session** s) { (void)m; (void)o; *s = (octet_session*)dummy; return OCTET_OK; }
void octet_model_destroy(octet_model* m) { (void)m; }
void octet_session_destroy(octet_session* s) { (void)s; }
octet_status octet_session_input_info(const octet_session* s, int32_t i, octet_tensor_info* t) { (void)s; (void)i; t->byte_size = 1; t->name = ""; return OCTET_OK; }
octet_status octet_session_output_info(const octet_session* s, int32_t i, octet_tensor_info* t) { (void)s; (void)i; t->byte_size = 1; t->name = ""; return OCTET_OK; }
void* octet_session_input_data(octet_session* s, int32_t i) { (void)s; (void)i; return dummy; }
const void* octet_session_output_data(const octet_session* s, int32_t i) { (void)s; (void)i; return dummy; }
octet_status octet_session_run(octet_session* s) { (void)s; return OCTET_OK; }
const char* octet_session_isa(const octet_session* s) { (void)s; return ""; }
int32_t octet_session_num_ops(const octet_session* s) { (void)s; return 0; }
STUB

report=()
build_one() {  # build_one ARCH
  local a=$1 dir="$out/$1$suffix" cc strip run=() cmake_args=() libdir="" ldflags=()
  cmake_args=(-DCMAKE_BUILD_TYPE=MinSizeRel -DOCTET_BUILD_TESTS=OFF -DOCTET_BUILD_TOOLS=OFF
              -DOCTET_BUILD_BENCHMARKS=OFF -DOCTET_BUILD_SHARED=OFF "-DOCTET_OPS=$ops")
  if [[ "$a" == "x86_64" ]]; then
    cc=${CC:-cc}
    strip=strip
  else
    cc=aarch64-linux-gnu-gcc
    strip=aarch64-linux-gnu-strip
    command -v "$cc" >/dev/null || { echo "size_report.sh: install g++-aarch64-linux-gnu" >&2; return 1; }
    local sysroot="$out/aarch64-sysroot"
    if [[ ! -f "$sysroot/usr/include/cpuinfo.h" ]]; then
      local debs="$out/aarch64-debs"
      mkdir -p "$debs" "$sysroot"
      (cd "$debs" && apt-get download libcpuinfo-dev:arm64 libcpuinfo0:arm64 libflatbuffers-dev:arm64 \
        libflatbuffers2:arm64 2>/dev/null) || {
        echo "size_report.sh: apt-get download of the arm64 packages failed; run once:" >&2
        echo "  dpkg --add-architecture arm64 && apt-get update" >&2
        return 1
      }
      for deb in "$debs"/*_arm64.deb; do dpkg -x "$deb" "$sysroot"; done
    fi
    libdir="$sysroot/usr/lib/aarch64-linux-gnu"
    ldflags=(-L"$libdir" -Wl,-rpath-link,"$libdir")
    cmake_args+=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake" -DOCTET_SYSROOT="$sysroot")
    run=(qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH="$libdir")
  fi
  mkdir -p "$dir"
  if ! { cmake -S "$root" -B "$dir" "${cmake_args[@]}" && cmake --build "$dir" -j"$jobs" --target octet_static; } \
       >"$dir/build.log" 2>&1; then
    tail -40 "$dir/build.log" >&2
    echo "size_report.sh: the $a build failed (log: $dir/build.log)" >&2
    return 1
  fi
  local flags=(-Os -ffunction-sections -fdata-sections -I"$root/runtime/include")
  local libs=("${ldflags[@]}" -lcpuinfo -lstdc++ -lm -pthread -Wl,--gc-sections)
  "$cc" "${flags[@]}" "$program" "$dir/lib/liboctet.a" "${libs[@]}" -o "$dir/minimal"
  "$cc" "${flags[@]}" "$program" "$stub" "${ldflags[@]}" -Wl,--gc-sections -o "$dir/minimal_stub"
  "$strip" -o "$dir/minimal.stripped" "$dir/minimal"
  "$strip" -o "$dir/minimal_stub.stripped" "$dir/minimal_stub"
  local line
  line=$("${run[@]}" "$dir/minimal" "$model" "$out/input.bin" "$dir/output.bin")
  local total base
  total=$(stat -c %s "$dir/minimal.stripped")
  base=$(stat -c %s "$dir/minimal_stub.stripped")
  local isas label=all
  isas=$(grep -o 'OCTET_ENABLE_[A-Z0-9]*:BOOL=ON' "$dir/CMakeCache.txt" | sed 's/OCTET_ENABLE_//;s/:BOOL=ON//' |
         tr 'A-Z\n' 'a-z ' || true)
  [[ -n "$ops" ]] && label=selected
  report+=("$(printf '%-8s %-9s %9d %9d %8.1f KB  (scalar + %s)\n         ran: %s' "$a" "$label" "$total" "$base" \
    "$(awk -v t="$total" -v b="$base" 'BEGIN { print (t - b) / 1024 }')" "${isas:-no SIMD ISA}" "$line")")
}

case "$arch" in
  all) build_one x86_64; build_one aarch64 ;;
  x86_64|aarch64) build_one "$arch" ;;
  *) echo "size_report.sh: --arch x86_64, aarch64 or all" >&2; exit 2 ;;
esac

echo "octet size report (MinSizeRel, liboctet.a, stripped; ops: ${ops:-all})"
printf '%-8s %-9s %9s %9s %11s\n' arch ops program stub octet
for line in "${report[@]}"; do echo "$line"; done
