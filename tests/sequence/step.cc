#include "step.h"

#include <charconv>
#include <sstream>

namespace cloudlife::sequence {
namespace {

constexpr std::string_view kNames[] = {
#define CLOUDLIFE_SEQUENCE_NAME(name) #name,
    CLOUDLIFE_SEQUENCE_OPS(CLOUDLIFE_SEQUENCE_NAME)
#undef CLOUDLIFE_SEQUENCE_NAME
};
static_assert(std::size(kNames) == kOpCount);

}  // namespace

std::string_view op_name(Op op) {
  return kNames[static_cast<int>(op)];
}

std::optional<Op> op_from_name(std::string_view name) {
  for (int i = 0; i < kOpCount; ++i) {
    if (kNames[i] == name) return static_cast<Op>(i);
  }
  return std::nullopt;
}

std::string to_text(const Step& step) {
  std::string out(op_name(step.op));
  for (std::uint32_t v : step.a) out += " " + std::to_string(v);
  return out;
}

std::optional<std::vector<Step>> parse_steps(std::string_view text) {
  std::vector<Step> steps;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string name;
    if (!(words >> name)) continue;
    const auto op = op_from_name(name);
    if (!op) return std::nullopt;
    Step s{*op, {}};
    for (auto& v : s.a) {
      std::string word;
      if (!(words >> word)) break;  // missing trailing numbers are 0
      const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
      if (ec != std::errc() || end != word.data() + word.size()) return std::nullopt;
    }
    steps.push_back(s);
  }
  return steps;
}

}  // namespace cloudlife::sequence
