#include "protocol/query_params.h"

#include <algorithm>
#include <charconv>

namespace cloudlife::protocol {

namespace {

// A cheap hash of a key's first segment: its length and first and last characters.
std::size_t head_bit(std::string_view key) {
  const std::string_view head = key.substr(0, key.find('.'));
  if (head.empty()) return 0;
  return (head.size() * 31u + static_cast<unsigned char>(head.front()) * 7u +
          static_cast<unsigned char>(head.back())) &
         255u;
}

}  // namespace

void QueryParams::Values::add_head(std::string_view key) {
  const std::size_t bit = head_bit(key);
  heads[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

bool QueryParams::Values::may_have_head(std::string_view key) const {
  const std::size_t bit = head_bit(key);
  return (heads[bit / 64] >> (bit % 64)) & 1u;
}

std::shared_ptr<const QueryParams::Values> QueryParams::index(std::shared_ptr<Values> values) {
  for (const auto& entry : values->map) values->add_head(entry.first);
  return values;
}

QueryParams::QueryParams(const FormPairs& pairs) {
  auto values = std::make_shared<Values>();
  for (const auto& [k, v] : pairs) values->map[k] = v;
  values_ = index(std::move(values));
}

QueryParams::QueryParams(FormPairs&& first, FormPairs&& second) {
  auto values = std::make_shared<Values>();
  for (FormPairs* pairs : {&first, &second}) {
    for (auto& [k, v] : *pairs) values->map.insert_or_assign(std::move(k), std::move(v));
  }
  values_ = index(std::move(values));
}

QueryParams QueryParams::scope(std::string_view prefix) const {
  return QueryParams(values_, prefix_ + std::string(prefix));
}

namespace {

// prefix + key without a heap allocation per lookup: a generated decoder looks up every member
// of its shape, present or not (RunInstances: ~45 per request), so the joined key is built in a
// per-thread buffer, and not at all when there is no prefix.
std::string_view joined_key(const std::string& prefix, std::string_view key) {
  if (prefix.empty()) return key;
  thread_local std::string buffer;
  buffer.assign(prefix);
  buffer.append(key);
  return buffer;
}

}  // namespace

const std::string* QueryParams::find(std::string_view key) const {
  if (!may_exist(key)) return nullptr;
  auto it = values_->map.find(joined_key(prefix_, key));
  return it == values_->map.end() ? nullptr : &it->second;
}

bool QueryParams::has_any(std::string_view key) const {
  if (!may_exist(key)) return false;
  const std::string_view full = joined_key(prefix_, key);
  for (auto it = values_->map.lower_bound(full);
       it != values_->map.end() && it->first.compare(0, full.size(), full) == 0; ++it) {
    if (it->first.size() == full.size() || it->first[full.size()] == '.') return true;
  }
  return false;
}

std::optional<std::string> QueryParams::str(std::string_view key) const {
  const std::string* v = find(key);
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

std::string QueryParams::str_or(std::string_view key, std::string_view fallback) const {
  const std::string* v = find(key);
  return v ? *v : std::string(fallback);
}

std::optional<bool> QueryParams::boolean(std::string_view key) const {
  const std::string* v = find(key);
  if (!v) return std::nullopt;
  std::string lower = *v;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  throw ParamError(ParamError::Kind::kNotBoolean, full_name(key), *v);
}

std::optional<std::int64_t> QueryParams::integer(std::string_view key) const {
  const std::string* v = find(key);
  if (!v) return std::nullopt;
  std::int64_t out = 0;
  const char* begin = v->data();
  const char* end = v->data() + v->size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc{} || ptr != end || begin == end) {
    throw ParamError(ParamError::Kind::kNotInteger, full_name(key), *v);
  }
  return out;
}

std::vector<int> QueryParams::indices(std::string_view key) const {
  if (!may_exist(key)) return {};
  // Every list member of a generated decoder is looked up, present or not: the "prefix.key."
  // text is built in a per-thread buffer (nothing in this function reuses it meanwhile).
  thread_local std::string head_buffer;
  head_buffer.assign(prefix_);
  head_buffer.append(key);
  head_buffer.push_back('.');
  const std::string_view head = head_buffer;
  std::vector<int> found;
  for (auto it = values_->map.lower_bound(head);
       it != values_->map.end() && it->first.compare(0, head.size(), head) == 0; ++it) {
    std::string_view rest(it->first);
    rest.remove_prefix(head.size());
    const std::size_t dot = rest.find('.');
    std::string_view digits = rest.substr(0, dot);
    int n = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec == std::errc{} && ptr == digits.data() + digits.size() && n >= 1) found.push_back(n);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::vector<std::string> QueryParams::list(std::string_view key) const {
  std::vector<std::string> out;
  for (int i : indices(key)) {
    std::string item(key);
    item += '.';
    item += std::to_string(i);
    if (const std::string* v = find(item)) out.push_back(*v);
  }
  return out;
}

std::vector<QueryParams> QueryParams::structs(std::string_view key) const {
  std::vector<QueryParams> out;
  for (int i : indices(key)) {
    std::string item(key);
    item += '.';
    item += std::to_string(i);
    item += '.';
    out.push_back(scope(item));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> QueryParams::entries() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = values_->map.lower_bound(prefix_);
       it != values_->map.end() && it->first.compare(0, prefix_.size(), prefix_) == 0; ++it) {
    out.emplace_back(it->first, it->second);
  }
  return out;
}

}  // namespace cloudlife::protocol
