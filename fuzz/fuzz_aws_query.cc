// libFuzzer target: the EC2 / Auto Scaling Query decoding (form_decoding.h, query_params.h).
// Input: a form body or query string as clients send it ("Action=RunInstances&Version=...").
// Checks beyond "no crash": percent_encode/percent_decode round-trip every byte string, every
// decoded pair is visible through QueryParams, list()/structs()/indices() agree with each other,
// and typed getters throw only ParamError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_http.h"
#include "protocol/form_decoding.h"
#include "protocol/query_params.h"

namespace {

using cloudlife::protocol::ParamError;
using cloudlife::protocol::QueryParams;

void check(bool ok) {
  if (!ok) std::abort();
}

// The list/struct prefixes a key belongs to: "Filter.1.Value.2" -> "Filter", "Filter.1.Value".
void exercise_key(const QueryParams& params, std::string_view key, int depth) {
  if (depth > 3) return;
  (void)params.has_any(key);
  (void)params.str_or(key, "fallback");
  try {
    (void)params.boolean(key);
  } catch (const ParamError&) {
  }
  try {
    (void)params.integer(key);
  } catch (const ParamError&) {
  }
  for (std::size_t dot = key.find('.'); dot != std::string_view::npos;
       dot = key.find('.', dot + 1)) {
    const std::string_view list_name = key.substr(0, dot);
    const auto values = params.list(list_name);
    const auto structs = params.structs(list_name);
    const auto indices = params.indices(list_name);
    check(values.size() <= indices.size() && structs.size() <= indices.size());
    for (std::size_t i = 1; i < indices.size(); ++i) check(indices[i - 1] < indices[i]);
    for (const QueryParams& sub : structs) {
      check(sub.prefix().size() > list_name.size());
      for (const auto& [full, value] : sub.entries()) {
        check(full.compare(0, sub.prefix().size(), sub.prefix()) == 0);
        check(sub.str(std::string_view(full).substr(sub.prefix().size())) == value);
        exercise_key(sub, std::string_view(full).substr(sub.prefix().size()), depth + 1);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = cloudlife::fuzz::as_text(data, size);

  // Encoding round trip holds for arbitrary bytes.
  const std::string encoded = cloudlife::protocol::percent_encode(text);
  const auto decoded = cloudlife::protocol::percent_decode(encoded, false);
  check(decoded && *decoded == text);
  (void)cloudlife::protocol::percent_decode(text, true);
  (void)cloudlife::protocol::percent_decode(text, false);

  const auto pairs = cloudlife::protocol::decode_form(text);
  if (!pairs) return 0;
  const QueryParams params(*pairs);
  // Later duplicates win: the last value of each key is the one visible.
  for (auto it = pairs->rbegin(); it != pairs->rend(); ++it) {
    const std::string* value = params.find(it->first);
    check(value != nullptr);
  }
  for (const auto& [key, value] : params.entries()) {
    check(params.has(key) && params.has_any(key));
    exercise_key(params, key, 0);
  }
  // A scope view sees exactly the parameters under its prefix.
  if (!pairs->empty()) {
    const std::string& first = pairs->front().first;
    const std::string prefix = first.substr(0, first.find('.') + 1);
    const QueryParams scoped = params.scope(prefix);
    for (const auto& [full, value] : scoped.entries()) {
      check(full.compare(0, prefix.size(), prefix) == 0);
      check(params.str(full) == value);
    }
  }
  return 0;
}
