#!/usr/bin/env bash
# Installs the Debian packages octet builds with. Usage: install-deps.sh [build|test|fuzz|arm]
#   build: compiler, CMake, FlatBuffers (flatc), cpuinfo; libpng, libjpeg, protobuf + onnx.proto (octet quantize)
#   test:  build + GoogleTest, Google Benchmark, Python venv (for the TFLite conformance goldens)
#   fuzz:  build + GoogleTest, Google Benchmark, clang with libFuzzer
#   arm:   build + the aarch64 and armhf cross compilers, qemu-user and GoogleTest's sources (the Arm
#          cross builds of cmake/toolchains/; their target libraries come from tools/scripts/arm-sysroot.sh)
set -euo pipefail
what=${1:-build}
packages=(cmake g++ make flatbuffers-compiler libflatbuffers-dev libcpuinfo-dev libpng-dev libjpeg-dev libprotobuf-dev protobuf-compiler libonnx-dev)
if [[ $what == test ]]; then
  packages+=(libgtest-dev libbenchmark-dev python3 python3-venv python3-pip)
elif [[ $what == arm ]]; then
  packages+=(g++-aarch64-linux-gnu g++-arm-linux-gnueabihf qemu-user libgtest-dev)
fi
if [[ $what == fuzz ]]; then
  packages+=(libgtest-dev libbenchmark-dev clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
