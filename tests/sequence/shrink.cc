#include "shrink.h"

namespace cloudlife::sequence {
namespace {

// Deletes chunks while the sequence still fails; true when anything went.
bool delete_chunks(std::vector<Step>& steps, const StillFails& still_fails, int& budget) {
  bool progress = false;
  for (std::size_t chunk = std::max<std::size_t>(1, steps.size() / 2); chunk >= 1; chunk /= 2) {
    for (std::size_t i = 0; i < steps.size() && budget > 0;) {
      std::vector<Step> candidate;
      candidate.reserve(steps.size());
      candidate.insert(candidate.end(), steps.begin(), steps.begin() + static_cast<long>(i));
      const std::size_t end = std::min(steps.size(), i + chunk);
      candidate.insert(candidate.end(), steps.begin() + static_cast<long>(end), steps.end());
      --budget;
      if (!candidate.empty() && still_fails(candidate)) {
        steps = std::move(candidate);
        progress = true;
      } else {
        i += chunk;
      }
    }
    if (chunk == 1) break;
  }
  return progress;
}

// Lowers numbers towards 0: first to 0, then to small values.
bool simplify_args(std::vector<Step>& steps, const StillFails& still_fails, int& budget) {
  bool progress = false;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (int k = 0; k < kArgs; ++k) {
      for (std::uint32_t v : {0u, 1u, 2u, 3u, steps[i].a[k] % 8, steps[i].a[k] / 2}) {
        if (budget <= 0) return progress;
        if (v >= steps[i].a[k]) continue;
        std::vector<Step> candidate = steps;
        candidate[i].a[k] = v;
        --budget;
        if (still_fails(candidate)) {
          steps = std::move(candidate);
          progress = true;
          break;
        }
      }
    }
  }
  return progress;
}

}  // namespace

std::vector<Step> shrink(std::vector<Step> steps, const StillFails& still_fails, int budget) {
  while (budget > 0) {
    const bool deleted = delete_chunks(steps, still_fails, budget);
    const bool simplified = simplify_args(steps, still_fails, budget);
    if (!deleted && !simplified) break;
  }
  return steps;
}

}  // namespace cloudlife::sequence
