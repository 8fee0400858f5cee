// From untrusted bytes to a verified Model.
//
// Order matters: FlatBuffers' verifier first (every offset and vector inside the file), then the
// semantic checks on tensors (shapes, sizes, types, quantization, constant buffers), then the graph
// (indices, producers before consumers), then each operator's own prepare step, then memory planning.
// Nothing reads a field before the check that makes reading it safe. Each error names the file and
// the tensor, operator and field involved.
#include <cmath>
#include <cstdarg>
#include <cstring>
#include <limits>

#include "octet/schema/octet_generated.h"
#include "runtime/core/checked_math.h"
#include "runtime/graph/memory_planner.h"
#include "runtime/model/model.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

constexpr size_t kMaxTensors = 1 << 20;
constexpr size_t kMaxOperators = 1 << 20;

size_t TypeSize(octet_type type) {
  switch (type) {
    case OCTET_TYPE_INT8:
    case OCTET_TYPE_UINT8:
      return 1;
    case OCTET_TYPE_INT32:
    case OCTET_TYPE_FLOAT32:
      return 4;
  }
  return 0;
}

class Verifier {
 public:
  Verifier(const std::string& name, const uint8_t* data, size_t size, Model* model, std::vector<Tensor>* tensors,
           std::vector<Operator>* operators, std::vector<int>* inputs, std::vector<int>* outputs)
      : name_(name),
        data_(data),
        size_(size),
        model_(model),
        tensors_(*tensors),
        operators_(*operators),
        inputs_(*inputs),
        outputs_(*outputs) {}

  Status Run(const schema::Model** root);

 private:
  // "<file>: <message>"
  Status Errorf(const char* format, ...) const __attribute__((format(printf, 2, 3))) {
    va_list args;
    va_start(args, format);
    Status status = InvalidModel(name_ + ": " + StrFormatV(format, args));
    va_end(args);
    return status;
  }
  Status CheckTensor(const schema::Model& m, size_t index);
  Status CheckQuantization(const schema::Tensor& t, size_t index, Tensor* out);
  Status CheckGraph(const schema::Model& m);
  Status CheckOperator(const schema::Operator& op, int index, std::vector<int>* producer);
  std::string TensorName(size_t i) const { return TensorLabel(tensors_, static_cast<int>(i)); }

  const std::string& name_;
  const uint8_t* data_;
  size_t size_;
  Model* model_;
  std::vector<Tensor>& tensors_;
  std::vector<Operator>& operators_;
  std::vector<int>& inputs_;
  std::vector<int>& outputs_;
};

Status Verifier::Run(const schema::Model** root) {
  if (size_ < 8) return Errorf("the file is %zu bytes long, too short to be a model", size_);
  if (size_ >= FLATBUFFERS_MAX_BUFFER_SIZE) return Errorf("the file is larger than 2 GiB");
  if (!schema::ModelBufferHasIdentifier(data_)) {
    if (flatbuffers::BufferHasIdentifier(data_, "TFL3")) {
      return Unsupported(name_ + ": this is a TensorFlow Lite model; convert it first with `octet convert`");
    }
    return Errorf("not an octet model (file identifier is not \"%s\")", schema::ModelIdentifier());
  }
  flatbuffers::Verifier fb(data_, size_, /*max_depth=*/64, /*max_tables=*/10000000);
  if (!schema::VerifyModelBuffer(fb)) {
    return Errorf("the file is corrupt or truncated (FlatBuffers verification failed)");
  }
  const schema::Model& m = *schema::GetModel(data_);
  if (m.format_version() == 0 || m.format_version() > OCTET_FORMAT_VERSION) {
    return Unsupported(name_ + StrFormat(": field format_version is %u, this library reads versions 1 to %d",
                                         static_cast<unsigned>(m.format_version()), OCTET_FORMAT_VERSION));
  }
  if (!m.tensors() || m.tensors()->size() == 0) return Errorf("field tensors is missing or empty");
  if (m.tensors()->size() > kMaxTensors) return Errorf("field tensors holds more than 2^20 tensors");
  if (!m.operators()) return Errorf("field operators is missing");
  if (m.operators()->size() > kMaxOperators) return Errorf("field operators holds more than 2^20 operators");
  tensors_.resize(m.tensors()->size());
  for (size_t i = 0; i < tensors_.size(); ++i) OCTET_RETURN_IF_ERROR(CheckTensor(m, i));
  OCTET_RETURN_IF_ERROR(CheckGraph(m));
  *root = &m;
  return Status::Ok();
}

Status Verifier::CheckTensor(const schema::Model& m, size_t index) {
  const schema::Tensor& t = *m.tensors()->Get(static_cast<flatbuffers::uoffset_t>(index));
  Tensor& out = tensors_[index];
  out.name = t.name() ? t.name()->str() : std::string();
  const std::string label_text = TensorName(index);
  const char* label = label_text.c_str();
  const int type = static_cast<int>(t.type());
  if (type < 0 || type > static_cast<int>(schema::TensorType::MAX)) {
    return Errorf("%s: field type has the unknown value %d", label, type);
  }
  out.type = static_cast<octet_type>(type);
  if (!t.shape()) return Errorf("%s: field shape is missing", label);
  if (t.shape()->size() > static_cast<size_t>(kMaxRank)) {
    return Errorf("%s: field shape has %u dimensions, at most %d are supported", label, t.shape()->size(), kMaxRank);
  }
  size_t elements = 1;
  for (const int32_t dim : *t.shape()) {
    out.shape.push_back(dim);
    if (dim < 1) return Errorf("%s: field shape %s has a dimension below 1", label, ShapeString(out.shape).c_str());
    if (!CheckedMul(elements, static_cast<size_t>(dim), &elements) || elements > kMaxTensorElements) {
      return Errorf("%s: field shape describes more than 2^31 elements", label);
    }
  }
  out.num_elements = elements;
  out.byte_size = elements * TypeSize(out.type);
  OCTET_RETURN_IF_ERROR(CheckQuantization(t, index, &out));

  const int buffer = t.buffer();
  if (buffer != -1) {
    const size_t num_buffers = m.buffers() ? m.buffers()->size() : 0;
    if (buffer < 0 || static_cast<size_t>(buffer) >= num_buffers) {
      return Errorf("%s: field buffer is %d, but the model has %zu buffers", label, buffer, num_buffers);
    }
    const schema::Buffer* b = m.buffers()->Get(static_cast<flatbuffers::uoffset_t>(buffer));
    const size_t have = b->data() ? b->data()->size() : 0;
    if (have != out.byte_size) {
      return Errorf("%s: buffer %d holds %zu bytes, but shape %s of %s needs %zu", label, buffer, have,
                    ShapeString(out.shape).c_str(), TypeName(out.type), out.byte_size);
    }
    out.data = b->data()->data();
    if (reinterpret_cast<uintptr_t>(out.data) % TypeSize(out.type) != 0) {
      return Errorf("%s: buffer %d is not aligned for %s", label, buffer, TypeName(out.type));
    }
  }
  return Status::Ok();
}

Status Verifier::CheckQuantization(const schema::Tensor& t, size_t index, Tensor* out) {
  const schema::Quantization* q = t.quantization();
  if (!q) return Status::Ok();
  const std::string label_text = TensorName(index);
  const char* label = label_text.c_str();
  const size_t scales = q->scale() ? q->scale()->size() : 0;
  const size_t zero_points = q->zero_point() ? q->zero_point()->size() : 0;
  if (scales == 0 && zero_points == 0) return Status::Ok();
  if (scales != zero_points) {
    return Errorf("%s: quantization has %zu scales but %zu zero points", label, scales, zero_points);
  }
  if (out->type == OCTET_TYPE_FLOAT32) return Errorf("%s: a float32 tensor cannot be quantized", label);
  if (scales > 1) {
    const int axis = q->axis();
    if (axis < 0 || axis >= out->rank()) {
      return Errorf("%s: quantization field axis is %d, out of range for shape %s", label, axis,
                    ShapeString(out->shape).c_str());
    }
    if (static_cast<size_t>(out->dim(axis)) != scales) {
      return Errorf("%s: quantization has %zu scales, but dimension %d of shape %s is %d", label, scales, axis,
                    ShapeString(out->shape).c_str(), out->dim(axis));
    }
    out->quantized_axis = axis;
  }
  int64_t zmin = 0, zmax = 0;
  if (out->type == OCTET_TYPE_INT8) {
    zmin = -128;
    zmax = 127;
  } else if (out->type == OCTET_TYPE_UINT8) {
    zmax = 255;
  }
  out->scales.reserve(scales);
  out->zero_points.reserve(scales);
  for (size_t c = 0; c < scales; ++c) {
    const float s = q->scale()->Get(static_cast<flatbuffers::uoffset_t>(c));
    if (!std::isfinite(s) || !(s > 0.0f) || !std::isnormal(s)) {
      return Errorf("%s: quantization scale[%zu] is %g, must be a positive finite (normal) number", label, c,
                    static_cast<double>(s));
    }
    // FlatBuffers 2.0's verifier checks vectors for 4-byte alignment only; copy the 8-byte value.
    int64_t z = 0;
    std::memcpy(&z, q->zero_point()->Data() + c * sizeof(int64_t), sizeof(int64_t));
    if (z < zmin || z > zmax) {
      return Errorf("%s: quantization zero_point[%zu] is %lld, outside [%lld, %lld] for %s", label, c,
                    static_cast<long long>(z), static_cast<long long>(zmin), static_cast<long long>(zmax),
                    TypeName(out->type));
    }
    out->scales.push_back(s);
    out->zero_points.push_back(z);
  }
  return Status::Ok();
}

Status Verifier::CheckGraph(const schema::Model& m) {
  const int num_tensors = static_cast<int>(tensors_.size());
  // producer[t]: -2 = nothing yet, -1 = graph input, k = operator k, constants: kConstant.
  constexpr int kNone = -2, kGraphInput = -1, kConstant = std::numeric_limits<int>::max();
  std::vector<int> producer(tensors_.size(), kNone);
  for (size_t t = 0; t < tensors_.size(); ++t) {
    if (tensors_[t].is_constant()) producer[t] = kConstant;
  }
  if (!m.inputs() || !m.outputs()) return Errorf("field inputs or outputs is missing");
  if (m.outputs()->size() == 0) return Errorf("field outputs is empty: the model computes nothing");
  for (size_t i = 0; i < m.inputs()->size(); ++i) {
    const int t = m.inputs()->Get(static_cast<flatbuffers::uoffset_t>(i));
    if (t < 0 || t >= num_tensors) {
      return Errorf("inputs[%zu] is %d, but the model has %d tensors", i, t, num_tensors);
    }
    if (producer[static_cast<size_t>(t)] == kConstant)
      return Errorf("inputs[%zu] is the constant %s", i, TensorName(static_cast<size_t>(t)).c_str());
    if (producer[static_cast<size_t>(t)] == kGraphInput)
      return Errorf("inputs[%zu] repeats %s", i, TensorName(static_cast<size_t>(t)).c_str());
    producer[static_cast<size_t>(t)] = kGraphInput;
    inputs_.push_back(t);
  }
  operators_.resize(m.operators()->size());
  for (size_t k = 0; k < operators_.size(); ++k) {
    OCTET_RETURN_IF_ERROR(
        CheckOperator(*m.operators()->Get(static_cast<flatbuffers::uoffset_t>(k)), static_cast<int>(k), &producer));
  }
  for (size_t i = 0; i < m.outputs()->size(); ++i) {
    const int t = m.outputs()->Get(static_cast<flatbuffers::uoffset_t>(i));
    if (t < 0 || t >= num_tensors) {
      return Errorf("outputs[%zu] is %d, but the model has %d tensors", i, t, num_tensors);
    }
    const int p = producer[static_cast<size_t>(t)];
    if (p == kConstant) return Errorf("outputs[%zu] is the constant %s", i, TensorName(static_cast<size_t>(t)).c_str());
    if (p == kNone) return Errorf("outputs[%zu] (%s) is never computed", i, TensorName(static_cast<size_t>(t)).c_str());
    outputs_.push_back(t);
  }
  return Status::Ok();
}

Status Verifier::CheckOperator(const schema::Operator& op, int index, std::vector<int>* producer) {
  constexpr int kNone = -2;
  const int num_tensors = static_cast<int>(tensors_.size());
  const int type = static_cast<int>(op.type());
  const OpRegistration* reg = FindOp(type);
  const std::string where = name_ + (reg ? StrFormat(": operator %d (%s)", index, reg->name)
                                         : StrFormat(": operator %d (type %d)", index, type));
  if (!reg) return Unsupported(where + StrFormat(": operator type %d is not supported by this build", type));
  // "<file>: operator <k> (<OP>): <message>"
  const auto fail = [&where](const std::string& what) { return InvalidModel(where + ": " + what); };
  if (!op.inputs() || !op.outputs()) return fail("field inputs or outputs is missing");
  const int num_in = static_cast<int>(op.inputs()->size());
  const int num_out = static_cast<int>(op.outputs()->size());
  if (num_in < reg->min_inputs || num_in > reg->max_inputs) {
    return fail(reg->min_inputs == reg->max_inputs
                    ? StrFormat("has %d inputs, expected %d", num_in, reg->min_inputs)
                    : StrFormat("has %d inputs, expected %d to %d", num_in, reg->min_inputs, reg->max_inputs));
  }
  if (num_out != reg->num_outputs) {
    return fail(StrFormat("has %d outputs, expected %d", num_out, reg->num_outputs));
  }
  for (int i = 0; i < num_in; ++i) {
    const int t = op.inputs()->Get(static_cast<flatbuffers::uoffset_t>(i));
    if (t == -1 && i >= reg->min_inputs) continue;  // absent optional input
    if (t < 0 || t >= num_tensors) {
      return fail(StrFormat("inputs[%d] is %d, but the model has %d tensors", i, t, num_tensors));
    }
    if ((*producer)[static_cast<size_t>(t)] == kNone) {
      return fail(StrFormat("inputs[%d] (%s) is read before any operator computes it", i,
                            TensorName(static_cast<size_t>(t)).c_str()));
    }
  }
  for (int i = 0; i < num_out; ++i) {
    const int t = op.outputs()->Get(static_cast<flatbuffers::uoffset_t>(i));
    if (t < 0 || t >= num_tensors) {
      return fail(StrFormat("outputs[%d] is %d, but the model has %d tensors", i, t, num_tensors));
    }
    if ((*producer)[static_cast<size_t>(t)] != kNone) {
      return fail(StrFormat("outputs[%d] (%s) is a constant, a graph input or already computed by another operator", i,
                            TensorName(static_cast<size_t>(t)).c_str()));
    }
    for (int j = 0; j < num_in; ++j) {
      if (op.inputs()->Get(static_cast<flatbuffers::uoffset_t>(j)) == t) {
        return fail(StrFormat("outputs[%d] is also one of its inputs", i));
      }
    }
  }
  Operator& out = operators_[static_cast<size_t>(index)];
  out.type = type;
  out.inputs.assign(op.inputs()->begin(), op.inputs()->end());
  out.outputs.assign(op.outputs()->begin(), op.outputs()->end());
  PrepareContext ctx(tensors_, op, index, where);
  OCTET_RETURN_IF_ERROR(reg->prepare(ctx, &out));
  for (int t : out.outputs) (*producer)[static_cast<size_t>(t)] = index;
  (void)model_;
  return Status::Ok();
}

}  // namespace

Status BuildModel(std::unique_ptr<ModelBytes> bytes, const std::string& name, std::shared_ptr<const Model>* result) {
  std::shared_ptr<Model> model(new Model());
  model->name_ = name;
  const schema::Model* root = nullptr;
  Verifier verifier(name, bytes->data(), bytes->size(), model.get(), &model->tensors_, &model->operators_,
                    &model->inputs_, &model->outputs_);
  OCTET_RETURN_IF_ERROR(verifier.Run(&root));
  if (root->metadata()) {
    const schema::Metadata& md = *root->metadata();
    if (md.producer()) model->producer_ = md.producer()->str();
    if (md.source_model()) model->source_model_ = md.source_model()->str();
    if (md.description()) model->description_ = md.description()->str();
  }

  // Lifetimes in operator steps: graph inputs live from step -1.
  const int steps = static_cast<int>(model->operators_.size());
  const size_t n = model->tensors_.size();
  std::vector<int> first(n, INT32_MAX), last(n, -2);
  for (int t : model->inputs_) first[static_cast<size_t>(t)] = -1;
  for (int k = 0; k < steps; ++k) {
    const Operator& op = model->operators_[static_cast<size_t>(k)];
    for (int t : op.outputs) first[static_cast<size_t>(t)] = k;
    for (int t : op.inputs) {
      if (t >= 0) last[static_cast<size_t>(t)] = std::max(last[static_cast<size_t>(t)], k);
    }
  }
  // Graph inputs stay intact for the whole run (a caller may run again without rewriting them),
  // and outputs stay readable after it.
  for (int t : model->inputs_) last[static_cast<size_t>(t)] = steps;
  for (int t : model->outputs_) last[static_cast<size_t>(t)] = steps;
  // In-place operators: a tensor joins its input's buffer when that is safe. RESHAPE's output is
  // its input's bytes (the copy becomes a no-op). ADD writes over an input of the output's shape
  // that nothing reads afterwards and that is neither a graph input nor a graph output (elementwise
  // kernels read each element before writing it). A buffer group lives from its first write to
  // its last read.
  // group[t]: the tensor whose buffer t uses (itself unless aliased; always a group root, so no
  // chains). Per root: the group's last read and whether it holds a graph input or output.
  std::vector<int> group(n);
  std::vector<int> group_last(last);
  std::vector<bool> group_pinned(n, false);  // graph inputs and outputs keep their own contents
  for (size_t t = 0; t < n; ++t) group[t] = static_cast<int>(t);
  for (int t : model->inputs_) group_pinned[static_cast<size_t>(t)] = true;
  for (int t : model->outputs_) group_pinned[static_cast<size_t>(t)] = true;
  const auto join = [&](int tensor, int target) {
    group[static_cast<size_t>(tensor)] = target;
    group_last[static_cast<size_t>(target)] =
        std::max(group_last[static_cast<size_t>(target)], last[static_cast<size_t>(tensor)]);
    if (group_pinned[static_cast<size_t>(tensor)]) group_pinned[static_cast<size_t>(target)] = true;
  };
  for (int k = 0; k < steps; ++k) {
    const Operator& op = model->operators_[static_cast<size_t>(k)];
    const int out = op.outputs[0];
    if (op.type == static_cast<int>(schema::OpType::RESHAPE)) {
      const int in = op.inputs[0];
      if (!model->tensors_[static_cast<size_t>(in)].is_constant()) join(out, group[static_cast<size_t>(in)]);
    } else if (op.type == static_cast<int>(schema::OpType::ADD) && !group_pinned[static_cast<size_t>(out)]) {
      for (int in : op.inputs) {
        const Tensor& t = model->tensors_[static_cast<size_t>(in)];
        const int r = group[static_cast<size_t>(in)];
        if (!t.is_constant() && t.shape == model->tensors_[static_cast<size_t>(out)].shape &&
            group_last[static_cast<size_t>(r)] == k && !group_pinned[static_cast<size_t>(r)]) {
          join(out, r);
          break;
        }
      }
    }
  }
  const auto group_of = [&](int t) { return group[static_cast<size_t>(t)]; };

  std::vector<BufferLifetime> requests;
  std::vector<int> request_root;
  std::vector<int> request_of_root(n, -1);
  for (size_t t = 0; t < n; ++t) {
    const Tensor& tensor = model->tensors_[t];
    if (tensor.is_constant()) {
      model->constant_bytes_ += tensor.byte_size;
      continue;
    }
    if (first[t] == INT32_MAX) continue;  // never written: unused
    const int r = group_of(static_cast<int>(t));
    const BufferLifetime life{tensor.byte_size, first[t], std::max(last[t], first[t])};
    int& request = request_of_root[static_cast<size_t>(r)];
    if (request < 0) {
      request = static_cast<int>(requests.size());
      requests.push_back(life);
      request_root.push_back(r);
    } else {
      BufferLifetime& merged = requests[static_cast<size_t>(request)];
      merged.size = std::max(merged.size, life.size);
      merged.first_use = std::min(merged.first_use, life.first_use);
      merged.last_use = std::max(merged.last_use, life.last_use);
    }
  }
  MemoryPlan plan;
  if (!PlanMemory(requests, kArenaAlignment, &plan))
    return InvalidModel(name + ": the activation arena size overflows");
  model->arena_offsets_.assign(n, 0);
  for (size_t t = 0; t < n; ++t) {
    const int request = request_of_root[static_cast<size_t>(group_of(static_cast<int>(t)))];
    if (request >= 0 && !model->tensors_[t].is_constant()) {
      model->arena_offsets_[t] = plan.offsets[static_cast<size_t>(request)];
    }
  }
  model->arena_size_ = plan.arena_size;
  model->bytes_ = std::move(bytes);
  *result = std::move(model);
  return Status::Ok();
}

}  // namespace octet
