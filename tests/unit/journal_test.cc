// Units for the journal: records survive a reopen, a torn or corrupt tail is truncated and
// reported, rewrite() replaces the file atomically, and newer format versions are refused; the
// reader streams records with their spans and compact() drops exactly the spans it is given.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/journal.h"

namespace cloudlife::core {
namespace {

std::string temp_path() {
  char name[] = "/tmp/cloudlife-journal-XXXXXX";
  const int fd = ::mkstemp(name);
  ::close(fd);
  std::remove(name);
  return name;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const nlohmann::json kHeader{{"format", "cloudlife-journal"}, {"version", 1}, {"id_seed", 7}};

TEST(Journal, RecordsSurviveAReopen) {
  const std::string path = temp_path();
  {
    Journal j(path, FsyncPolicy::kAlways);
    EXPECT_TRUE(j.open(kHeader).records.empty());
    j.append({{"n", 1}});
    j.append({{"n", 2}});
  }
  Journal j(path, FsyncPolicy::kAlways);
  const JournalLoad load = j.open(kHeader);
  ASSERT_EQ(load.records.size(), 2u);
  EXPECT_EQ(load.records[1]["n"], 2);
  EXPECT_EQ(load.header["id_seed"], 7);
  EXPECT_EQ(load.dropped_bytes, 0u);
  std::remove(path.c_str());
}

TEST(Journal, ATornTailIsTruncatedAndReported) {
  const std::string path = temp_path();
  {
    Journal j(path, FsyncPolicy::kNever);
    j.open(kHeader);
    j.append({{"n", 1}});
    j.append({{"n", 2}});
  }
  const std::string whole = read_all(path);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << whole.substr(0, whole.size() - 5);  // the kill landed mid-record
  }
  {
    Journal j(path, FsyncPolicy::kAlways);
    const JournalLoad load = j.open(kHeader);
    ASSERT_EQ(load.records.size(), 1u);
    EXPECT_GT(load.dropped_bytes, 0u);
    EXPECT_EQ(load.problem, "torn record");
    j.append({{"n", 3}});
  }
  Journal j(path, FsyncPolicy::kAlways);
  const JournalLoad load = j.open(kHeader);
  ASSERT_EQ(load.records.size(), 2u);
  EXPECT_EQ(load.records[1]["n"], 3);
  std::remove(path.c_str());
}

TEST(Journal, ACorruptRecordStopsTheLoadThere) {
  const std::string path = temp_path();
  {
    Journal j(path, FsyncPolicy::kNever);
    j.open(kHeader);
    j.append({{"n", 1}});
    j.append({{"n", 2}});
    j.append({{"n", 3}});
  }
  std::string text = read_all(path);
  const std::size_t second = text.find("{\"n\":2}");
  text[second + 5] = '9';  // a flipped byte: the checksum no longer matches
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  Journal j(path, FsyncPolicy::kAlways);
  const JournalLoad load = j.open(kHeader);
  EXPECT_EQ(load.records.size(), 1u);
  EXPECT_EQ(load.problem, "checksum mismatch");
  std::remove(path.c_str());
}

TEST(Journal, RewriteReplacesEverything) {
  const std::string path = temp_path();
  Journal j(path, FsyncPolicy::kAlways);
  j.open(kHeader);
  j.append({{"n", 1}});
  j.rewrite(kHeader, {{{"n", 5}}});
  j.append({{"n", 6}});
  Journal again(path, FsyncPolicy::kAlways);
  const JournalLoad load = again.open(kHeader);
  ASSERT_EQ(load.records.size(), 2u);
  EXPECT_EQ(load.records[0]["n"], 5);
  EXPECT_EQ(load.records[1]["n"], 6);
  std::remove(path.c_str());
}

TEST(Journal, NewerFormatVersionsAreRefused) {
  const std::string path = temp_path();
  {
    std::ofstream out(path);
    out << R"({"format":"cloudlife-journal","version":99})"
        << "\n";
  }
  Journal j(path, FsyncPolicy::kAlways);
  EXPECT_THROW(j.open(kHeader), std::runtime_error);
  std::remove(path.c_str());
}

TEST(Journal, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(Journal::crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Journal::crc32(""), 0u);
  EXPECT_EQ(Journal::crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

TEST(JournalReader, StreamsRecordsWithTheirSpansAndStopsAtATornOne) {
  const std::string path = temp_path();
  {
    Journal j(path, FsyncPolicy::kNever);
    j.open(kHeader);
    j.append({{"n", 1}});
    j.append({{"n", 22}});
  }
  const std::string whole = read_all(path);
  {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << "9 0000";  // a record header cut short by a crash
  }
  JournalReader reader(path);
  EXPECT_EQ(reader.header()["id_seed"], 7);
  JournalSpan span;
  auto first = reader.next(&span);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)["n"], 1);
  EXPECT_EQ(whole.substr(span.offset, span.length), Journal::encode({{"n", 1}}));
  auto second = reader.next(&span);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(whole.substr(span.offset, span.length), Journal::encode({{"n", 22}}));
  EXPECT_FALSE(reader.next(&span).has_value());
  EXPECT_EQ(reader.problem(), "torn record header");
  EXPECT_EQ(reader.good_end(), whole.size());
  EXPECT_EQ(reader.file_size(), whole.size() + 6);
  std::remove(path.c_str());
}

TEST(JournalReader, AMissingFileHasNoHeaderAndNoRecords) {
  JournalReader reader(temp_path());
  EXPECT_TRUE(reader.header().is_null());
  EXPECT_FALSE(reader.next().has_value());
  EXPECT_EQ(reader.problem(), "");
}

TEST(Journal, CompactDropsExactlyTheGivenRecords) {
  const std::string path = temp_path();
  Journal j(path, FsyncPolicy::kAlways);
  j.open(kHeader);
  for (int n = 1; n <= 5; ++n) j.append({{"n", n}});
  std::vector<JournalSpan> drop;
  {
    JournalReader reader(path);
    JournalSpan span;
    while (auto r = reader.next(&span)) {
      if ((*r)["n"] == 2 || (*r)["n"] == 5) drop.push_back(span);
    }
  }
  j.compact(drop);
  j.append({{"n", 6}});
  JournalReader reader(path);
  EXPECT_EQ(reader.header()["id_seed"], 7);
  std::vector<int> left;
  while (auto r = reader.next()) left.push_back((*r)["n"].get<int>());
  EXPECT_EQ(left, (std::vector<int>{1, 3, 4, 6}));
  EXPECT_EQ(reader.problem(), "");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace cloudlife::core
