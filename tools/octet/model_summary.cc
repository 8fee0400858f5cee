#include "tools/octet/model_summary.h"

#include <cstdio>
#include <set>

#include "octet/schema/octet_generated.h"

namespace octet::cli {
namespace {

std::string Activation(schema::Activation act) {
  return act == schema::Activation::NONE ? "" : std::string(" ") + schema::EnumNameActivation(act);
}

std::string Window(const char* what, int h, int w) {
  return std::string(what) + " " + std::to_string(h) + "x" + std::to_string(w);
}

std::string Spatial(schema::Padding padding, int stride_h, int stride_w, int dilation_h, int dilation_w) {
  std::string s = " stride " + std::to_string(stride_h) + (stride_h == stride_w ? "" : "x" + std::to_string(stride_w));
  if (dilation_h != 1 || dilation_w != 1)
    s += " dilation " + std::to_string(dilation_h) + "x" + std::to_string(dilation_w);
  return s + " " + schema::EnumNamePadding(padding);
}

std::string IntList(const flatbuffers::Vector<int32_t>* values) {
  std::string s = "[";
  if (values != nullptr) {
    for (flatbuffers::uoffset_t i = 0; i < values->size(); ++i) s += (i ? "," : "") + std::to_string(values->Get(i));
  }
  return s + "]";
}

std::string OptionsText(const schema::Operator& op, const std::vector<TensorSummary>& tensors) {
  // The filter's spatial size lives in its shape, not in the options.
  auto filter_hw = [&]() -> std::string {
    if (op.inputs() == nullptr || op.inputs()->size() < 2) return "";
    const int filter = op.inputs()->Get(1);
    if (filter < 0 || static_cast<size_t>(filter) >= tensors.size()) return "";
    const auto& shape = tensors[filter].shape;
    return shape.size() == 4 ? std::to_string(shape[1]) + "x" + std::to_string(shape[2]) : "";
  };
  if (op.options() == nullptr) return "";
  switch (op.options_type()) {
    case schema::OperatorOptions::Conv2DOptions: {
      const auto* o = op.options_as_Conv2DOptions();
      return filter_hw() + Spatial(o->padding(), o->stride_h(), o->stride_w(), o->dilation_h(), o->dilation_w()) +
             Activation(o->activation());
    }
    case schema::OperatorOptions::DepthwiseConv2DOptions: {
      const auto* o = op.options_as_DepthwiseConv2DOptions();
      std::string s =
          filter_hw() + Spatial(o->padding(), o->stride_h(), o->stride_w(), o->dilation_h(), o->dilation_w());
      if (o->depth_multiplier() != 0) s += " multiplier " + std::to_string(o->depth_multiplier());
      return s + Activation(o->activation());
    }
    case schema::OperatorOptions::FullyConnectedOptions:
      return Activation(op.options_as_FullyConnectedOptions()->activation());
    case schema::OperatorOptions::AddOptions:
      return Activation(op.options_as_AddOptions()->activation());
    case schema::OperatorOptions::Pool2DOptions: {
      const auto* o = op.options_as_Pool2DOptions();
      return Window("filter", o->filter_h(), o->filter_w()) +
             Spatial(o->padding(), o->stride_h(), o->stride_w(), 1, 1) + Activation(o->activation());
    }
    case schema::OperatorOptions::MeanOptions: {
      const auto* o = op.options_as_MeanOptions();
      return "axes " + IntList(o->axes()) + (o->keep_dims() ? " keep_dims" : "");
    }
    case schema::OperatorOptions::SoftmaxOptions: {
      char text[32];
      std::snprintf(text, sizeof(text), "beta %g", static_cast<double>(op.options_as_SoftmaxOptions()->beta()));
      return text;
    }
    case schema::OperatorOptions::ConcatenationOptions: {
      const auto* o = op.options_as_ConcatenationOptions();
      return "axis " + std::to_string(o->axis()) + Activation(o->activation());
    }
    case schema::OperatorOptions::PadOptions:
      return "paddings " + IntList(op.options_as_PadOptions()->paddings());
    default:
      return "";
  }
}

int64_t Elements(const std::vector<int>& shape) {
  double n = 1;
  for (int d : shape) n *= d;
  return n > 9e18 ? -1 : static_cast<int64_t>(n);
}

// Multiply-accumulates of the ops that do dot products: output elements times taps per output.
int64_t Macs(schema::OpType type, const OpSummary& op, const std::vector<TensorSummary>& tensors) {
  auto shape_of = [&](const std::vector<int>& list, size_t i) -> const std::vector<int>* {
    if (i >= list.size() || list[i] < 0 || static_cast<size_t>(list[i]) >= tensors.size()) return nullptr;
    return &tensors[list[i]].shape;
  };
  const std::vector<int>* filter = shape_of(op.inputs, 1);
  const std::vector<int>* output = shape_of(op.outputs, 0);
  if (filter == nullptr || output == nullptr) return 0;
  double taps = 0;
  if (type == schema::OpType::CONV_2D && filter->size() == 4) {
    taps = 1.0 * (*filter)[1] * (*filter)[2] * (*filter)[3];
  } else if (type == schema::OpType::DEPTHWISE_CONV_2D && filter->size() == 4) {
    taps = 1.0 * (*filter)[1] * (*filter)[2];
  } else if (type == schema::OpType::FULLY_CONNECTED && filter->size() == 2) {
    taps = (*filter)[1];
  } else {
    return 0;
  }
  const double macs = taps * static_cast<double>(Elements(*output));
  return macs > 9e18 || macs < 0 ? 0 : static_cast<int64_t>(macs);
}

std::string QuantText(const schema::Quantization* q) {
  if (q == nullptr || q->scale() == nullptr || q->scale()->size() == 0) return "";
  char text[96];
  if (q->scale()->size() == 1) {
    const long long zero_point = q->zero_point() && q->zero_point()->size() > 0 ? q->zero_point()->Get(0) : 0;
    std::snprintf(text, sizeof(text), "scale %.9g zp %lld", static_cast<double>(q->scale()->Get(0)), zero_point);
  } else {
    std::snprintf(text, sizeof(text), "per-channel %u scales axis %d", q->scale()->size(), q->axis());
  }
  return text;
}

}  // namespace

std::string ShapeText(const std::vector<int>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

bool SummarizeModel(const uint8_t* data, size_t size, ModelSummary* summary, std::string* error) {
  flatbuffers::Verifier verifier(data, size);
  if (!schema::VerifyModelBuffer(verifier)) {
    *error = "not a valid octet model (FlatBuffers verification failed)";
    return false;
  }
  const schema::Model* model = schema::GetModel(data);
  *summary = ModelSummary{};
  summary->format_version = model->format_version();
  if (const auto* meta = model->metadata()) {
    if (meta->producer()) summary->producer = meta->producer()->str();
    if (meta->source_model()) summary->source_model = meta->source_model()->str();
    if (meta->description()) summary->description = meta->description()->str();
  }
  const size_t num_buffers = model->buffers() ? model->buffers()->size() : 0;
  std::set<int> counted_buffers;
  if (const auto* tensors = model->tensors()) {
    for (const schema::Tensor* t : *tensors) {
      TensorSummary ts;
      if (t->name()) ts.name = t->name()->str();
      ts.type = t->type() == schema::TensorType::INT8      ? "int8"
                : t->type() == schema::TensorType::UINT8   ? "uint8"
                : t->type() == schema::TensorType::INT32   ? "int32"
                : t->type() == schema::TensorType::FLOAT32 ? "float32"
                                                           : "unknown";
      if (t->shape()) ts.shape.assign(t->shape()->begin(), t->shape()->end());
      ts.quantization = QuantText(t->quantization());
      const int buffer = t->buffer();
      ts.constant = buffer >= 0;
      if (buffer >= 0 && static_cast<size_t>(buffer) < num_buffers && counted_buffers.insert(buffer).second) {
        const auto* bytes = model->buffers()->Get(buffer)->data();
        summary->weight_bytes += bytes ? bytes->size() : 0;
      }
      summary->tensors.push_back(std::move(ts));
    }
  }
  if (model->inputs()) summary->inputs.assign(model->inputs()->begin(), model->inputs()->end());
  if (model->outputs()) summary->outputs.assign(model->outputs()->begin(), model->outputs()->end());
  if (const auto* ops = model->operators()) {
    for (flatbuffers::uoffset_t i = 0; i < ops->size(); ++i) {
      const schema::Operator* op = ops->Get(i);
      OpSummary os;
      os.index = static_cast<int>(i);
      const char* name = schema::EnumNameOpType(op->type());
      os.type = name[0] != '\0' ? name : "UNKNOWN(" + std::to_string(static_cast<int>(op->type())) + ")";
      if (op->inputs()) os.inputs.assign(op->inputs()->begin(), op->inputs()->end());
      if (op->outputs()) os.outputs.assign(op->outputs()->begin(), op->outputs()->end());
      os.options = OptionsText(*op, summary->tensors);
      os.macs = Macs(op->type(), os, summary->tensors);
      summary->total_macs += os.macs;
      summary->ops.push_back(std::move(os));
    }
  }
  return true;
}

}  // namespace octet::cli
