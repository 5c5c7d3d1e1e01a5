// The process-wide pool behind core::Symbol (see symbol.h).
#include "core/symbol.h"

#include <mutex>
#include <ostream>
#include <unordered_set>

namespace cloudlife::core {

namespace {

struct SymbolTextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

struct SymbolPool {
  std::mutex mutex;
  // Node-based: an element never moves, so a Symbol's pointer stays valid while the set grows.
  std::unordered_set<std::string, SymbolTextHash, std::equal_to<>> texts;
};

// Never destroyed: Symbols in static objects may be read during exit.
SymbolPool& symbol_pool() {
  static SymbolPool* pool = new SymbolPool;
  return *pool;
}

}  // namespace

const std::string& Symbol::empty_text() noexcept {
  static const std::string* empty = new std::string;
  return *empty;
}

const std::string* Symbol::intern(std::string_view text) {
  if (text.empty()) return &empty_text();
  SymbolPool& pool = symbol_pool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  auto found = pool.texts.find(text);
  if (found == pool.texts.end()) found = pool.texts.emplace(text).first;
  return &*found;
}

std::size_t Symbol::pool_size() {
  SymbolPool& pool = symbol_pool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  return pool.texts.size();
}

std::vector<Symbol> symbols_of(const std::vector<std::string>& texts) {
  return std::vector<Symbol>(texts.begin(), texts.end());
}

std::vector<std::string> texts_of(const std::vector<Symbol>& symbols) {
  std::vector<std::string> texts;
  texts.reserve(symbols.size());
  for (const Symbol& symbol : symbols) texts.push_back(symbol.str());
  return texts;
}

std::ostream& operator<<(std::ostream& out, const Symbol& symbol) {
  return out << symbol.str();
}

}  // namespace cloudlife::core
