// Status: the result of anything that can fail inside octet. A code from the C API's enum plus a
// message naming what is wrong (file, tensor, operator, field). Never thrown.
#ifndef OCTET_RUNTIME_CORE_STATUS_H_
#define OCTET_RUNTIME_CORE_STATUS_H_

#include <cstdarg>
#include <string>
#include <utility>

#include "octet/octet.h"

namespace octet {

class Status {
 public:
  Status() = default;
  Status(octet_status code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == OCTET_OK; }
  octet_status code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  octet_status code_ = OCTET_OK;
  std::string message_;
};

inline Status InvalidModel(std::string message) { return Status(OCTET_INVALID_MODEL, std::move(message)); }
inline Status Unsupported(std::string message) { return Status(OCTET_UNSUPPORTED, std::move(message)); }

// printf-style formatting for error messages. One out-of-line call per error site: a chain of
// std::string concatenations costs several hundred bytes of code (temporaries, destructors and
// their unwind paths) at each of the verifier's and operators' hundred-odd error sites.
std::string StrFormat(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string StrFormatV(const char* format, va_list args);

#define OCTET_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::octet::Status octet_status_ = (expr);        \
    if (!octet_status_.ok()) return octet_status_; \
  } while (0)

}  // namespace octet

#endif  // OCTET_RUNTIME_CORE_STATUS_H_
