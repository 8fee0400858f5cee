// The evolution rules of schema/README.md, enforced: the current schema must conform to every
// frozen release (FlatBuffers' Parser::ConformTo rejects renumbered, retyped or removed fields).
#include <flatbuffers/idl.h>
#include <flatbuffers/util.h>
#include <gtest/gtest.h>

#include <string>

namespace {

std::string Load(const std::string& path) {
  std::string text;
  EXPECT_TRUE(flatbuffers::LoadFile(path.c_str(), false, &text)) << "cannot read " << path;
  return text;
}

bool Parse(flatbuffers::Parser* parser, const std::string& text) {
  return parser->Parse(text.c_str());
}

TEST(SchemaCompat, CurrentConformsToFrozenV1) {
  flatbuffers::Parser current, frozen;
  ASSERT_TRUE(Parse(&current, Load(OCTET_SCHEMA_DIR "/octet.fbs"))) << current.error_;
  ASSERT_TRUE(Parse(&frozen, Load(OCTET_SCHEMA_DIR "/frozen/octet_v1.fbs"))) << frozen.error_;
  const std::string error = current.ConformTo(frozen);
  EXPECT_TRUE(error.empty()) << error;
}

TEST(SchemaCompat, RenumberingIsCaught) {
  // The check itself works: swapping two fields of a table breaks conformance.
  flatbuffers::Parser frozen, edited;
  std::string text = Load(OCTET_SCHEMA_DIR "/frozen/octet_v1.fbs");
  ASSERT_TRUE(Parse(&frozen, text)) << frozen.error_;
  const std::string a = "  stride_h:int = 1;\n  stride_w:int = 1;\n";
  const size_t at = text.find(a);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, a.size(), "  stride_w:int = 1;\n  stride_h:int = 1;\n");
  ASSERT_TRUE(Parse(&edited, text)) << edited.error_;
  EXPECT_FALSE(edited.ConformTo(frozen).empty());
}

}  // namespace
