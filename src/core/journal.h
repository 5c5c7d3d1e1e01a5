// The append-only journal behind --state-dir: one JSON record per committed mutation.
// Contract: the file starts with a header line {"format":"cloudlife-journal","version":2,...}
// (version 1 files read the same; a snapshot file is the same format with "cloudlife-snapshot");
// each record is one line "<length> <crc32 hex> <json>\n". append() writes a record and, under
// FsyncPolicy::kAlways, fsyncs before returning (so an acknowledged mutation is on disk);
// kBatch fsyncs at most every `batch_interval`; kNever leaves it to the OS.
// JournalReader reads a journal front to back one record at a time (memory bounded by the largest
// record, not by the history) and stops at the first torn or corrupt record. Journal::open_at()
// then truncates that tail and appends after the last intact record; open() does both and returns
// every record (small journals, tests). compact() drops the given records by copying the rest to a
// temporary file (fsync, rename, fsync of the directory); rewrite() atomically replaces the whole
// journal the same way (reset); rotate() keeps the journal under another name and starts a new
// one (a snapshot was taken). write_file_durably() writes a whole file atomically (snapshots).
#pragma once

#include <atomic>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace cloudlife::core {

enum class FsyncPolicy { kAlways, kBatch, kNever };

struct JournalLoad {
  nlohmann::json header;
  std::vector<nlohmann::json> records;
  std::size_t dropped_bytes = 0;  // a torn or corrupt tail that was truncated
  std::string problem;            // why the tail was dropped ("" when intact)
};

// Where one record's line lies in the file (compact() drops lines by their span).
struct JournalSpan {
  std::size_t offset = 0;
  std::size_t length = 0;  // including the newline
};

class JournalReader {
 public:
  static constexpr int kFormatVersion = 2;

  // Reads the header. A missing or empty file reads as no header and no records. Throws
  // std::runtime_error for a file whose header's "format" is not `format` or has a newer version.
  explicit JournalReader(const std::string& path, std::string_view format = "cloudlife-journal");

  // Null when the file is missing or empty.
  const nlohmann::json& header() const { return header_; }
  // The next intact record (with its span), or nullopt at the end or at the first torn or corrupt
  // record (problem() then says why).
  std::optional<nlohmann::json> next(JournalSpan* span = nullptr);
  // The same in two steps, for a caller with a faster reader of its own records: the next intact
  // record's text (framing and checksum verified; valid until the next call), or nullopt as
  // next(). The caller parses it, then calls accept() (good_end() moves past it) or unreadable()
  // (reading stops with "unreadable record", as next() does for text that is not JSON).
  std::optional<std::string_view> next_text();
  void accept(JournalSpan* span = nullptr);
  void unreadable();
  // The end of the last intact line read so far, the file's size and why reading stopped early.
  std::size_t good_end() const { return good_end_; }
  std::size_t file_size() const { return file_size_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string path_;
  std::vector<char> buffer_;  // in_'s buffer: declared first, so it outlives the stream
  std::ifstream in_;
  nlohmann::json header_;
  std::size_t good_end_ = 0;
  std::size_t file_size_ = 0;
  std::string problem_;
  std::string line_;
};

class Journal {
 public:
  static constexpr int kFormatVersion = JournalReader::kFormatVersion;

  Journal(std::string path, FsyncPolicy policy);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Opens for appending after `good_end` bytes (the end of the last intact record a JournalReader
  // found), truncating anything beyond; a journal without a header (`good_end` 0) is started afresh
  // with `fresh_header`.
  void open_at(std::size_t good_end, const nlohmann::json& fresh_header);
  // Reads (and repairs) an existing journal; creates one with `fresh_header` when none exists.
  // Throws std::runtime_error for an unreadable file or an unknown format version.
  JournalLoad open(const nlohmann::json& fresh_header);
  void append(const nlohmann::json& record);
  // Drops the records at `spans` (in file order), keeping the header and every other line.
  void compact(const std::vector<JournalSpan>& spans);
  // Replaces the journal with `header` + `records` (write to a temporary file, fsync, rename).
  void rewrite(const nlohmann::json& header, const std::vector<nlohmann::json>& records);
  // Renames the journal (fsynced) to `keep_as` and starts a new one with `header`, durably: a crash
  // leaves either the old journal, or it under `keep_as` and no journal, or both.
  void rotate(const std::string& keep_as, const nlohmann::json& header);
  std::size_t appended() const { return appended_; }
  // The journal file's size in bytes (header included).
  std::size_t size() const { return size_.load(); }

  static std::uint32_t crc32(std::string_view data);
  static std::string encode(const nlohmann::json& record);

 private:
  void sync_locked(bool force);
  // Makes `tmp` (fully written and fsynced) the journal, durably, and reopens it for appending.
  void replace_with_locked(const std::string& tmp);

  std::string path_;
  FsyncPolicy policy_;
  std::mutex mutex_;
  int fd_ = -1;
  std::size_t appended_ = 0;
  std::atomic<std::size_t> size_ = 0;
  TimeMs last_sync_ = 0;
};

// Writes `data` to `path` through a temporary file (fsync, rename, fsync of the directory), so the
// file is either absent, or the old one, or whole. Throws std::runtime_error on failure.
void write_file_durably(const std::string& path, const std::string& data);

}  // namespace cloudlife::core
