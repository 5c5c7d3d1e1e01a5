// Units for core/state_archive.h: values by member name and back, members missing from older JSON
// keep their defaults, text that is not UTF-8 survives, shared texts come back shared, sections cut
// large containers into bounded records, and unordered containers keep their iteration order (and
// go on ordering later inserts the same way) whatever their history.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/compact_text.h"
#include "core/heap_optional.h"
#include "core/shared_text.h"
#include "core/state_archive.h"
#include "core/symbol.h"
#include "core/symbol_list.h"

namespace cloudlife::archive_test {

enum class Color { kRed, kGreen };

struct Inner {
  std::string name;
  std::optional<int> port;
};

struct Sample {
  int count = 0;
  bool flag = false;
  double ratio = 0;
  Color color = Color::kRed;
  std::string text;
  core::Symbol zone;
  core::SymbolList groups;
  core::SharedText shared;
  core::CompactText id;
  core::HeapOptional<Inner> extra;
  std::vector<Inner> inners;
  std::map<int, std::string> by_number;
  std::set<std::string> names;
  std::unordered_map<std::string, int> hashed;
  std::mt19937_64 rng;
  int added_later = 7;
};

template <class V>
void reflect(V& v, Inner& x) {
  v("name", x.name);
  v("port", x.port);
}

template <class V>
void reflect(V& v, Sample& x) {
  v("count", x.count);
  v("flag", x.flag);
  v("ratio", x.ratio);
  v("color", x.color);
  v("text", x.text);
  v("zone", x.zone);
  v("groups", x.groups);
  v("shared", x.shared);
  v("id", x.id);
  v("extra", x.extra);
  v("inners", x.inners);
  v("by_number", x.by_number);
  v("names", x.names);
  v("hashed", x.hashed);
  v("rng", x.rng);
  v("added_later", x.added_later);
}

namespace {

using core::archive::json;

Sample populated() {
  Sample s;
  s.count = 42;
  s.flag = true;
  s.ratio = 0.1 + 0.2;  // not exactly representable in decimal: must round-trip exactly
  s.color = Color::kGreen;
  s.text = std::string("caf\xc3\xa9 and \xff\xfe raw", 17);
  s.zone = "us-east-1a";
  s.groups = std::vector<core::Symbol>{"sg-1", "sg-2"};
  s.shared = core::SharedText(std::string("user data"));
  s.id = "i-0123456789abcdef0-and-longer-than-inline";
  s.extra = Inner{"extra", 8080};
  s.inners = {{"a", std::nullopt}, {"b", 443}};
  s.by_number = {{3, "three"}, {1, "one"}};
  s.names = {"y", "x"};
  for (int i = 0; i < 50; ++i) s.hashed["key" + std::to_string(i)] = i;
  s.rng.seed(99);
  (void)s.rng();
  return s;
}

TEST(StateArchive, AValueComesBackMemberByMember) {
  const Sample original = populated();
  const json saved = core::archive::save(original);
  Sample loaded;
  core::archive::Reader reader;
  core::archive::load(saved, loaded, reader);
  EXPECT_EQ(core::archive::save(loaded), saved);
  EXPECT_EQ(loaded.text, original.text);  // not UTF-8: kept as hex, byte for byte
  EXPECT_TRUE(saved.at("text").is_object());
  EXPECT_EQ(loaded.ratio, original.ratio);
  EXPECT_EQ(loaded.id.view(), original.id.view());
  EXPECT_EQ(loaded.extra->port, 8080);
  Sample copy = original;
  EXPECT_EQ(loaded.rng(), copy.rng());  // the generator goes on from the same position
}

TEST(StateArchive, MembersMissingFromOlderJsonKeepTheirDefaults) {
  json saved = core::archive::save(populated());
  saved.erase("added_later");
  saved["removed_since"] = 5;  // a member this version no longer has is ignored
  Sample loaded;
  core::archive::Reader reader;
  core::archive::load(saved, loaded, reader);
  EXPECT_EQ(loaded.added_later, 7);
  EXPECT_EQ(loaded.count, 42);
}

TEST(StateArchive, SharedTextsComeBackShared) {
  std::vector<core::SharedText> texts(3, core::SharedText(std::string("one for all")));
  const json saved = core::archive::save(texts);
  std::vector<core::SharedText> loaded;
  core::archive::Reader reader;
  core::archive::load(saved, loaded, reader);
  ASSERT_EQ(loaded.size(), 3u);
  EXPECT_EQ(&loaded[0].str(), &loaded[2].str());
}

// An unordered map after a random history of inserts and erases.
std::unordered_map<std::string, int> with_history(std::uint64_t seed) {
  std::unordered_map<std::string, int> m;
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 400; ++i) {
    const std::string key = "k" + std::to_string(rng() % 300);
    if (rng() % 3 == 0) {
      m.erase(key);
    } else {
      m[key] = i;
    }
  }
  return m;
}

template <class M>
std::vector<std::string> keys_in_order(const M& m) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : m) keys.push_back(k);
  return keys;
}

TEST(StateArchive, UnorderedContainersKeepTheirIterationOrderAndGoOnAlike) {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    std::unordered_map<std::string, int> original = with_history(seed);
    std::unordered_map<std::string, int> loaded;
    core::archive::Reader reader;
    core::archive::load(core::archive::save(original), loaded, reader);
    EXPECT_EQ(loaded.bucket_count(), original.bucket_count());
    EXPECT_EQ(keys_in_order(loaded), keys_in_order(original)) << "seed " << seed;
    for (int i = 0; i < 1000; ++i) {  // enough to grow the table again
      original["new" + std::to_string(i)] = i;
      loaded["new" + std::to_string(i)] = i;
    }
    EXPECT_EQ(keys_in_order(loaded), keys_in_order(original)) << "seed " << seed;
  }
  std::unordered_map<std::string, int> never_used, loaded;
  core::archive::Reader reader;
  core::archive::load(core::archive::save(never_used), loaded, reader);
  for (int i = 0; i < 40; ++i) {
    never_used["n" + std::to_string(i)] = i;
    loaded["n" + std::to_string(i)] = i;
  }
  EXPECT_EQ(keys_in_order(loaded), keys_in_order(never_used));
}

struct Section {
  std::string key;
  int version = 0;
  std::vector<int> numbers;
  std::unordered_map<std::string, int> hashed;
  std::map<std::string, std::string> named;
};

template <class V>
void reflect(V& v, Section& x) {
  v("key", x.key);
  v("version", x.version);
  v("numbers", x.numbers);
  v("hashed", x.hashed);
  v("named", x.named);
}

TEST(StateArchive, SectionsCutContainersIntoBoundedRecordsAndReplaceWhatWasThere) {
  Section original;
  original.key = "p";
  original.version = 3;
  for (int i = 0; i < 600; ++i) original.numbers.push_back(i);
  original.hashed = with_history(9);
  std::vector<json> records;
  const json where{{"s", "test"}};
  core::archive::save_section(where, original, [&](json r) { records.push_back(std::move(r)); });
  ASSERT_GE(records.size(), 4u);
  EXPECT_TRUE(records.front().contains("f"));  // the plain members first
  for (const json& r : records) {
    EXPECT_EQ(r.at("s"), "test");
    if (r.contains("i")) {
      EXPECT_LE(r.at("i").size(), core::archive::kChunkItems);
    }
  }

  Section loaded;
  loaded.named["made by a constructor"] = "gone after the load";
  core::archive::Reader reader;
  for (const json& r : records) core::archive::load_section_record(r, loaded, reader);
  EXPECT_EQ(loaded.version, 3);
  EXPECT_EQ(loaded.numbers, original.numbers);
  EXPECT_TRUE(loaded.named.empty());
  EXPECT_EQ(keys_in_order(loaded.hashed), keys_in_order(original.hashed));
}

TEST(StateArchive, RowsNameTheMembersOnceAndLoadByName) {
  const std::vector<Inner> values{{"a", 1}, {"b", std::nullopt}, {"c", 3}};
  json table = core::archive::save_rows(values.begin(), values.end());
  EXPECT_EQ(table.at("columns"), json::array({"name", "port"}));
  ASSERT_EQ(table.at("rows").size(), 3u);
  EXPECT_EQ(table.at("rows")[0], json::array({"a", 1}));
  core::archive::Reader reader;
  std::vector<Inner> loaded;
  core::archive::load_rows<Inner>(table, reader, [&](Inner&& v) { loaded.push_back(std::move(v)); });
  ASSERT_EQ(loaded.size(), 3u);
  EXPECT_EQ(loaded[2].name, "c");
  EXPECT_EQ(loaded[2].port, 3);
  EXPECT_FALSE(loaded[1].port);
  // An older table without "port" and with a column this version no longer has.
  const json older{{"columns", {"gone", "name"}}, {"rows", {{7, "x"}}}};
  loaded.clear();
  core::archive::load_rows<Inner>(older, reader, [&](Inner&& v) { loaded.push_back(std::move(v)); });
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].name, "x");
  EXPECT_FALSE(loaded[0].port);
}

TEST(StateArchive, Utf8CheckRefusesWhatIsNotUtf8) {
  EXPECT_TRUE(core::archive::valid_utf8("plain"));
  EXPECT_TRUE(core::archive::valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(core::archive::valid_utf8("\xff"));
  EXPECT_FALSE(core::archive::valid_utf8("\xc3"));          // truncated
  EXPECT_FALSE(core::archive::valid_utf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(core::archive::valid_utf8("\xed\xa0\x80"));  // a surrogate
}

}  // namespace
}  // namespace cloudlife::archive_test
