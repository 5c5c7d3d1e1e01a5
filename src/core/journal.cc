#include "core/journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace cloudlife::core {
namespace {

constexpr TimeMs kBatchInterval = 100;
constexpr std::size_t kReadBuffer = 1 << 20;

void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write journal " + path + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

void write_all(int fd, const std::string& data, const std::string& path) {
  write_all(fd, data.data(), data.size(), path);
}

// Copies bytes [from, to) of `in` (or to its end when `to` is npos) to `out`.
void copy_range(int in, int out, std::size_t from, std::size_t to, std::vector<char>& buffer,
                const std::string& path) {
  std::size_t pos = from;
  while (to == std::string::npos || pos < to) {
    const std::size_t want =
        to == std::string::npos ? buffer.size() : std::min(buffer.size(), to - pos);
    const ssize_t n = ::pread(in, buffer.data(), want, static_cast<off_t>(pos));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot read journal " + path + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    write_all(out, buffer.data(), static_cast<std::size_t>(n), path);
    pos += static_cast<std::size_t>(n);
  }
}

// A rename is durable once the directory holding it is synced.
void sync_directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

// --- reading ------------------------------------------------------------------------------------

JournalReader::JournalReader(const std::string& path, std::string_view format)
    : path_(path), buffer_(kReadBuffer) {
  in_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  in_.open(path, std::ios::binary);
  struct stat st {};
  if (!in_ || ::stat(path.c_str(), &st) != 0) return;
  file_size_ = static_cast<std::size_t>(st.st_size);
  if (file_size_ == 0) return;
  std::getline(in_, line_);
  nlohmann::json header =
      in_.eof() ? nlohmann::json() : nlohmann::json::parse(line_, nullptr, false);
  if (!header.is_object() || header.value("format", "") != format) {
    throw std::runtime_error(path + " does not start with a " + std::string(format) + " header");
  }
  if (header.value("version", 0) > kFormatVersion) {
    throw std::runtime_error("journal " + path + " has format version " +
                             std::to_string(header.value("version", 0)) +
                             "; this cloudlife reads up to " + std::to_string(kFormatVersion));
  }
  header_ = std::move(header);
  good_end_ = line_.size() + 1;
}

std::optional<std::string_view> JournalReader::next_text() {
  if (header_.is_null() || !problem_.empty() || !in_) return std::nullopt;
  if (!std::getline(in_, line_)) return std::nullopt;  // the end, after a whole line
  const std::string_view line(line_);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp1 > 12) {
    problem_ = "torn record header";
    return std::nullopt;
  }
  std::size_t length = 0;
  for (std::size_t i = 0; i < sp1; ++i) {
    if (line[i] < '0' || line[i] > '9') {
      problem_ = "bad record length";
      return std::nullopt;
    }
    length = length * 10 + static_cast<std::size_t>(line[i] - '0');
  }
  const std::string_view body = line.substr(sp2 + 1);
  if (sp1 == 0) {
    problem_ = "bad record length";
    return std::nullopt;
  }
  if (in_.eof() || body.size() != length) {  // no newline: the write was cut short
    problem_ = "torn record";
    return std::nullopt;
  }
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08x", Journal::crc32(body));
  if (line.substr(sp1 + 1, sp2 - sp1 - 1) != crc) {
    problem_ = "checksum mismatch";
    return std::nullopt;
  }
  return body;
}

void JournalReader::accept(JournalSpan* span) {
  if (span) *span = {good_end_, line_.size() + 1};
  good_end_ += line_.size() + 1;
}

void JournalReader::unreadable() {
  problem_ = "unreadable record";
}

std::optional<nlohmann::json> JournalReader::next(JournalSpan* span) {
  const std::optional<std::string_view> body = next_text();
  if (!body) return std::nullopt;
  auto record = nlohmann::json::parse(body->begin(), body->end(), nullptr, false);
  if (record.is_discarded()) {
    unreadable();
    return std::nullopt;
  }
  accept(span);
  return record;
}

// --- writing ------------------------------------------------------------------------------------

std::uint32_t Journal::crc32(std::string_view data) {
  // Slicing-by-4 over the standard reflected polynomial (the zlib / PNG CRC-32).
  static const std::array<std::array<std::uint32_t, 256>, 4> tables = [] {
    std::array<std::array<std::uint32_t, 256>, 4> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (std::uint32_t i = 0; i < 256; ++i) {
      for (std::size_t s = 1; s < 4; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  for (; n >= 4; n -= 4, p += 4) {
    crc ^= static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
    crc = tables[3][crc & 0xff] ^ tables[2][(crc >> 8) & 0xff] ^ tables[1][(crc >> 16) & 0xff] ^
          tables[0][crc >> 24];
  }
  for (; n > 0; --n, ++p) crc = tables[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

std::string Journal::encode(const nlohmann::json& record) {
  const std::string body = record.dump();
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08x", crc32(body));
  return std::to_string(body.size()) + " " + crc + " " + body + "\n";
}

Journal::Journal(std::string path, FsyncPolicy policy) : path_(std::move(path)), policy_(policy) {}

Journal::~Journal() {
  if (fd_ >= 0) {
    ::fsync(fd_);
    ::close(fd_);
  }
}

void Journal::open_at(std::size_t good_end, const nlohmann::json& fresh_header) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open journal " + path_ + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw std::runtime_error("cannot stat journal " + path_);
  if (good_end == 0) {
    if (::ftruncate(fd_, 0) != 0) throw std::runtime_error("cannot truncate journal " + path_);
    const std::string header = fresh_header.dump() + "\n";
    write_all(fd_, header, path_);
    ::fsync(fd_);
    size_ = header.size();
  } else {
    if (static_cast<std::size_t>(st.st_size) > good_end) {
      if (::ftruncate(fd_, static_cast<off_t>(good_end)) != 0) {
        throw std::runtime_error("cannot truncate the torn tail of journal " + path_);
      }
      ::fsync(fd_);
    }
    size_ = std::min(good_end, static_cast<std::size_t>(st.st_size));
  }
  ::lseek(fd_, 0, SEEK_END);
}

JournalLoad Journal::open(const nlohmann::json& fresh_header) {
  JournalLoad load;
  JournalReader reader(path_);
  while (auto record = reader.next()) load.records.push_back(std::move(*record));
  load.problem = reader.problem();
  if (reader.header().is_null()) {
    load.header = fresh_header;
    open_at(0, fresh_header);
  } else {
    load.header = reader.header();
    load.dropped_bytes = reader.file_size() - reader.good_end();
    open_at(reader.good_end(), fresh_header);
  }
  return load;
}

void Journal::append(const nlohmann::json& record) {
  const std::string line = encode(record);
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd_ < 0) return;
  write_all(fd_, line, path_);
  ++appended_;
  size_ += line.size();
  sync_locked(false);
}

void Journal::sync_locked(bool force) {
  if (policy_ == FsyncPolicy::kNever && !force) return;
  const TimeMs now = wall_clock_now();
  if (force || policy_ == FsyncPolicy::kAlways || now - last_sync_ >= kBatchInterval) {
    ::fdatasync(fd_);
    last_sync_ = now;
  }
}

void Journal::replace_with_locked(const std::string& tmp) {
  if (::rename(tmp.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot replace journal " + path_ + ": " + std::strerror(errno));
  }
  sync_directory_of(path_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  struct stat st {};
  size_ = fd_ >= 0 && ::fstat(fd_, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
}

void Journal::compact(const std::vector<JournalSpan>& spans) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string tmp = path_ + ".tmp";
  const int in = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot read " + path_ + ": " + std::strerror(errno));
  const int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    ::close(in);
    throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  }
  std::vector<char> buffer(kReadBuffer);
  try {
    std::size_t pos = 0;
    for (const JournalSpan& span : spans) {
      copy_range(in, out, pos, span.offset, buffer, path_);
      pos = span.offset + span.length;
    }
    copy_range(in, out, pos, std::string::npos, buffer, path_);
  } catch (...) {
    ::close(in);
    ::close(out);
    throw;
  }
  ::close(in);
  ::fsync(out);
  ::close(out);
  replace_with_locked(tmp);
}

void Journal::rewrite(const nlohmann::json& header, const std::vector<nlohmann::json>& records) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  std::string data = header.dump() + "\n";
  for (const auto& r : records) data += encode(r);
  write_all(fd, data, tmp);
  ::fsync(fd);
  ::close(fd);
  replace_with_locked(tmp);
  appended_ = records.size();
}

void Journal::rotate(const std::string& keep_as, const nlohmann::json& header) {
  std::lock_guard<std::mutex> lock(mutex_);
  // The open descriptor follows the file through the rename: if anything below fails, appends go
  // on into the kept file, which a restart finds (no journal.log) and takes back.
  if (fd_ >= 0) ::fsync(fd_);
  if (::rename(path_.c_str(), keep_as.c_str()) != 0) {
    throw std::runtime_error("cannot keep journal " + path_ + " as " + keep_as + ": " +
                             std::strerror(errno));
  }
  sync_directory_of(path_);
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  try {
    write_all(fd, header.dump() + "\n", tmp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::fsync(fd);
  ::close(fd);
  replace_with_locked(tmp);
  appended_ = 0;
}

void write_file_durably(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  try {
    write_all(fd, data, tmp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + tmp + ": " + std::strerror(errno));
  }
  sync_directory_of(path);
}

}  // namespace cloudlife::core
