#!/usr/bin/env bash
# Makes the target sysroot an Arm cross build links against (cmake/toolchains/*.cmake run it by
# themselves when the build tree has none):
#
#   tools/scripts/arm-sysroot.sh arm64|armhf DIR
#
# - Debian's libcpuinfo and FlatBuffers packages for that architecture, fetched with
#   `apt-get download` and unpacked with `dpkg -x` (they cannot be installed beside the host's:
#   both ship /usr/lib/cmake/cpuinfo). Needs `dpkg --add-architecture arm64` (or armhf) and an
#   `apt-get update` once; the script does both when run as root (or with sudo).
# - GoogleTest cross-compiled from Debian's sources in /usr/src/googletest (libgtest-dev) and
#   installed into DIR/usr, where find_package(GTest CONFIG) finds it.
# DIR/.octet-sysroot-<arch> marks a finished sysroot; running again is a no-op.
set -euo pipefail
arch=${1:?usage: arm-sysroot.sh arm64|armhf DIR}
dir=${2:?usage: arm-sysroot.sh arm64|armhf DIR}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
case "$arch" in
  arm64) toolchain="$root/cmake/toolchains/aarch64-linux-gnu.cmake" ;;
  armhf) toolchain="$root/cmake/toolchains/arm-linux-gnueabihf.cmake" ;;
  *) echo "arm-sysroot.sh: architecture must be arm64 or armhf, not $arch" >&2; exit 2 ;;
esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[[ -f "$dir/.octet-sysroot-$arch" ]] && exit 0

sudo=""
[[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && sudo="sudo -n"
if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
  echo "arm-sysroot.sh: adding the $arch architecture to dpkg (apt-get update follows)"
  $sudo dpkg --add-architecture "$arch"
  $sudo apt-get update -qq
fi

debs="$dir/.debs"
mkdir -p "$debs"
packages=(libcpuinfo-dev:"$arch" libcpuinfo0:"$arch" libflatbuffers-dev:"$arch" libflatbuffers2:"$arch")
if ! (cd "$debs" && apt-get download "${packages[@]}" >/dev/null 2>&1); then
  # The package lists may predate the architecture: refresh once and retry.
  $sudo apt-get update -qq
  (cd "$debs" && apt-get download "${packages[@]}" >/dev/null) || {
    echo "arm-sysroot.sh: apt-get download ${packages[*]} failed" >&2
    exit 1
  }
fi
for deb in "$debs"/*_"$arch".deb; do dpkg -x "$deb" "$dir"; done

# GoogleTest for the target, with the same toolchain file (given this finished-looking DIR so it
# does not call this script again).
gtest_src=/usr/src/googletest
if [[ -f $gtest_src/CMakeLists.txt ]]; then
  gtest_build="$dir/.gtest-build"
  cmake -S "$gtest_src" -B "$gtest_build" -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DOCTET_SYSROOT="$dir" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$dir/usr" -DBUILD_GMOCK=ON -DINSTALL_GTEST=ON \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON >"$dir/.gtest-build.log" 2>&1 &&
    cmake --build "$gtest_build" -j"${JOBS:-2}" >>"$dir/.gtest-build.log" 2>&1 &&
    cmake --install "$gtest_build" >>"$dir/.gtest-build.log" 2>&1 || {
      tail -30 "$dir/.gtest-build.log" >&2
      echo "arm-sysroot.sh: building GoogleTest for $arch failed (log: $dir/.gtest-build.log)" >&2
      exit 1
    }
  rm -rf "$gtest_build"
else
  echo "arm-sysroot.sh: note: /usr/src/googletest is missing (apt-get install libgtest-dev): no tests for $arch" >&2
fi
touch "$dir/.octet-sysroot-$arch"
echo "arm-sysroot.sh: $arch sysroot ready in $dir"
