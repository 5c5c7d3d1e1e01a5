#include "core/journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cloudlife::core {
namespace {

constexpr TimeMs kBatchInterval = 100;

void write_all(int fd, const std::string& data, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write journal " + path + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::uint32_t Journal::crc32(const std::string& data) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char ch : data) crc = table[(crc ^ ch) & 0xff] ^ (crc >> 8);
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

JournalLoad Journal::open(const nlohmann::json& fresh_header) {
  std::lock_guard<std::mutex> lock(mutex_);
  JournalLoad load;
  std::ifstream in(path_, std::ios::binary);
  std::size_t good_end = 0;
  if (in) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    std::size_t pos = 0;
    const std::size_t header_end = text.find('\n');
    if (header_end != std::string::npos) {
      auto header = nlohmann::json::parse(text.substr(0, header_end), nullptr, false);
      if (header.is_object() && header.value("format", "") == "cloudlife-journal") {
        if (header.value("version", 0) > kFormatVersion) {
          throw std::runtime_error("journal " + path_ + " has format version " +
                                   std::to_string(header.value("version", 0)) +
                                   "; this cloudlife reads up to " +
                                   std::to_string(kFormatVersion));
        }
        load.header = header;
        pos = good_end = header_end + 1;
      }
    }
    if (load.header.is_null() && !text.empty()) {
      throw std::runtime_error("journal " + path_ + " does not start with a cloudlife header");
    }
    while (pos < text.size()) {
      const std::size_t sp1 = text.find(' ', pos);
      const std::size_t sp2 = sp1 == std::string::npos ? sp1 : text.find(' ', sp1 + 1);
      if (sp2 == std::string::npos || sp1 - pos > 12) {
        load.problem = "torn record header";
        break;
      }
      std::size_t length = 0;
      try {
        length = std::stoul(text.substr(pos, sp1 - pos));
      } catch (const std::exception&) {
        load.problem = "bad record length";
        break;
      }
      const std::size_t body_start = sp2 + 1;
      if (body_start + length + 1 > text.size() || text[body_start + length] != '\n') {
        load.problem = "torn record";
        break;
      }
      const std::string body = text.substr(body_start, length);
      char crc[16];
      std::snprintf(crc, sizeof crc, "%08x", crc32(body));
      if (text.compare(sp1 + 1, sp2 - sp1 - 1, crc) != 0) {
        load.problem = "checksum mismatch";
        break;
      }
      auto record = nlohmann::json::parse(body, nullptr, false);
      if (record.is_discarded()) {
        load.problem = "unreadable record";
        break;
      }
      load.records.push_back(std::move(record));
      pos = good_end = body_start + length + 1;
    }
    load.dropped_bytes = text.size() - good_end;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open journal " + path_ + ": " + std::strerror(errno));
  }
  if (load.header.is_null()) {
    if (::ftruncate(fd_, 0) != 0) throw std::runtime_error("cannot truncate journal " + path_);
    load.header = fresh_header;
    write_all(fd_, fresh_header.dump() + "\n", path_);
    ::fsync(fd_);
  } else if (load.dropped_bytes > 0) {
    if (::ftruncate(fd_, static_cast<off_t>(good_end)) != 0) {
      throw std::runtime_error("cannot truncate the torn tail of journal " + path_);
    }
    ::fsync(fd_);
  }
  ::lseek(fd_, 0, SEEK_END);
  return load;
}

void Journal::append(const nlohmann::json& record) {
  const std::string line = encode(record);
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd_ < 0) return;
  write_all(fd_, line, path_);
  ++appended_;
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
  if (::rename(tmp.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot replace journal " + path_ + ": " + std::strerror(errno));
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  appended_ = records.size();
}

}  // namespace cloudlife::core
