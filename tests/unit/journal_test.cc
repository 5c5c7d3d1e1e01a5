// Units for the journal: records survive a reopen, a torn or corrupt tail is truncated and
// reported, rewrite() replaces the file atomically, and newer format versions are refused.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

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
    out << R"({"format":"cloudlife-journal","version":99})" << "\n";
  }
  Journal j(path, FsyncPolicy::kAlways);
  EXPECT_THROW(j.open(kHeader), std::runtime_error);
  std::remove(path.c_str());
}

TEST(Journal, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(Journal::crc32("123456789"), 0xCBF43926u);
}

}  // namespace
}  // namespace cloudlife::core
