#include "autoscaling/time_zone.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace cloudlife::autoscaling {
namespace {

constexpr const char* kZoneDirectory = "/usr/share/zoneinfo/";

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  long long be(std::size_t width) {
    if (pos_ + width > bytes_.size()) throw std::runtime_error("truncated TZif data");
    unsigned long long v = 0;
    for (std::size_t i = 0; i < width; ++i) {
      v = (v << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
    }
    pos_ += width;
    if (width == 4) return static_cast<int>(static_cast<unsigned int>(v));
    return static_cast<long long>(v);
  }
  void skip(std::size_t n) {
    if (pos_ + n > bytes_.size()) throw std::runtime_error("truncated TZif data");
    pos_ += n;
  }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

struct Counts {
  long long isut, isstd, leap, time, type, chars;
};

Counts header(Reader& r, std::string_view bytes, int& version) {
  if (bytes.size() - r.pos() < 44 || bytes.substr(r.pos(), 4) != "TZif") {
    throw std::runtime_error("not a TZif file");
  }
  r.skip(4);
  const long long v = r.be(1);
  version = v == 0 ? 1 : static_cast<int>(v - '0');
  r.skip(15);
  Counts c{r.be(4), r.be(4), r.be(4), r.be(4), r.be(4), r.be(4)};
  if (c.type < 1) throw std::runtime_error("TZif file without local time types");
  return c;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 128 || name.front() == '/') return false;
  if (name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
           c == '+';
  });
}

}  // namespace

TimeZone TimeZone::utc() {
  return TimeZone{};
}

TimeZone TimeZone::parse(std::string_view bytes) {
  Reader r(bytes);
  int version = 1;
  Counts c = header(r, bytes, version);
  std::size_t time_width = 4;
  if (version >= 2) {  // skip the 32-bit block; the 64-bit one follows with its own header
    r.skip(static_cast<std::size_t>(c.time * 5 + c.type * 6 + c.chars + c.leap * 8 + c.isstd +
                                    c.isut));
    c = header(r, bytes, version);
    time_width = 8;
  }
  std::vector<long long> times(static_cast<std::size_t>(c.time));
  for (long long& t : times) t = r.be(time_width);
  std::vector<long long> index(static_cast<std::size_t>(c.time));
  for (long long& i : index) i = r.be(1);
  std::vector<int> offsets(static_cast<std::size_t>(c.type));
  for (int& o : offsets) {
    o = static_cast<int>(r.be(4));
    r.skip(2);  // isdst, designation index
  }
  TimeZone z;
  z.initial_offset_ = offsets.front();
  for (std::size_t k = 0; k < times.size(); ++k) {
    if (index[k] < 0 || index[k] >= c.type) throw std::runtime_error("bad TZif type index");
    z.transitions_.push_back(times[k]);
    z.offset_after_.push_back(offsets[static_cast<std::size_t>(index[k])]);
  }
  return z;
}

std::shared_ptr<const TimeZone> TimeZone::load(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  if (!valid_name(name)) return nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  std::shared_ptr<const TimeZone> zone;
  std::ifstream in(kZoneDirectory + name, std::ios::binary);
  if (in) {
    std::ostringstream bytes;
    bytes << in.rdbuf();
    try {
      zone = std::make_shared<const TimeZone>(parse(bytes.str()));
    } catch (const std::exception&) {
      zone = nullptr;  // a directory or a non-zone file (zone1970.tab …)
    }
  }
  cache[name] = zone;
  return zone;
}

long long TimeZone::offset_at(long long utc_seconds) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  if (it == transitions_.begin()) return initial_offset_;
  return offset_after_[static_cast<std::size_t>(it - transitions_.begin() - 1)];
}

long long TimeZone::to_utc(long long local_seconds) const {
  constexpr long long kDay = 86400;
  const long long before = offset_at(local_seconds - kDay);
  const long long after = offset_at(local_seconds + kDay);
  long long best = 0;
  bool found = false;
  for (long long offset : {before, after}) {
    const long long u = local_seconds - offset;
    if (offset_at(u) == offset && (!found || u < best)) {
      best = u;
      found = true;
    }
  }
  return found ? best : local_seconds - before;  // in a gap: where the clocks jumped to
}

}  // namespace cloudlife::autoscaling
