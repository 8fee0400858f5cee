// Getting model bytes into memory: mmap for files, borrowing (or, when misaligned, copying) for
// caller buffers. Verification happens in BuildModel before anything reads the bytes.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "runtime/model/model.h"

namespace octet {
namespace {

class MappedFile final : public ModelBytes {
 public:
  MappedFile(void* data, size_t size) : data_(data), size_(size) {}
  ~MappedFile() override { munmap(data_, size_); }
  const uint8_t* data() const override { return static_cast<const uint8_t*>(data_); }
  size_t size() const override { return size_; }

 private:
  void* data_;
  size_t size_;
};

class BorrowedBytes final : public ModelBytes {
 public:
  BorrowedBytes(const void* data, size_t size) : data_(static_cast<const uint8_t*>(data)), size_(size) {}
  const uint8_t* data() const override { return data_; }
  size_t size() const override { return size_; }

 private:
  const uint8_t* data_;
  size_t size_;
};

class AlignedCopy final : public ModelBytes {
 public:
  explicit AlignedCopy(size_t size) : size_(size) {}
  ~AlignedCopy() override { std::free(data_); }
  bool Allocate() {
    data_ = static_cast<uint8_t*>(std::aligned_alloc(64, (size_ + 63) / 64 * 64));
    return data_ != nullptr;
  }
  uint8_t* mutable_data() { return data_; }
  const uint8_t* data() const override { return data_; }
  size_t size() const override { return size_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_;
};

}  // namespace

Status Model::LoadFile(const std::string& path, std::shared_ptr<const Model>* model) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status(OCTET_IO_ERROR, path + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return Status(OCTET_IO_ERROR, path + ": cannot stat: " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return Status(OCTET_IO_ERROR, path + ": not a regular file");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    close(fd);
    return InvalidModel(path + ": the file is empty");
  }
  void* data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int err = errno;
  close(fd);
  if (data == MAP_FAILED) return Status(OCTET_IO_ERROR, path + ": cannot map: " + std::strerror(err));
  return BuildModel(std::make_unique<MappedFile>(data, size), path, model);
}

Status Model::LoadMemory(const void* data, size_t size, std::shared_ptr<const Model>* model) {
  if (data == nullptr || size == 0) return Status(OCTET_INVALID_ARGUMENT, "<memory>: no model bytes given");
  if (reinterpret_cast<uintptr_t>(data) % 16 == 0) {
    return BuildModel(std::make_unique<BorrowedBytes>(data, size), "<memory>", model);
  }
  auto copy = std::make_unique<AlignedCopy>(size);
  if (!copy->Allocate()) return Status(OCTET_OUT_OF_MEMORY, "<memory>: cannot allocate an aligned copy of the model");
  std::memcpy(copy->mutable_data(), data, size);
  return BuildModel(std::move(copy), "<memory>", model);
}

std::shared_ptr<const ExecutionPlan> Model::GetPlan(IsaSet usable) const {
  std::lock_guard<std::mutex> lock(plans_mutex_);
  auto it = plans_.find(usable);
  if (it != plans_.end()) return it->second;
  std::shared_ptr<const ExecutionPlan> plan = BuildPlan(operators_, tensors_, outputs_, arena_offsets_, usable);
  plans_.emplace(usable, plan);
  return plan;
}

}  // namespace octet
