#include "runtime/graph/graph.h"

namespace octet {

const char* TypeName(octet_type type) {
  switch (type) {
    case OCTET_TYPE_INT8:
      return "int8";
    case OCTET_TYPE_UINT8:
      return "uint8";
    case OCTET_TYPE_INT32:
      return "int32";
    case OCTET_TYPE_FLOAT32:
      return "float32";
  }
  return "unknown type";
}

std::string TensorLabel(const std::vector<Tensor>& tensors, int index) {
  std::string label = "tensor " + std::to_string(index);
  if (index >= 0 && static_cast<size_t>(index) < tensors.size() && !tensors[static_cast<size_t>(index)].name.empty()) {
    label += " '" + tensors[static_cast<size_t>(index)].name + "'";
  }
  return label;
}

std::string ShapeString(const std::vector<int>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace octet
