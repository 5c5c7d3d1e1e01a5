// The process-wide pool behind core::SymbolList (see symbol_list.h).
#include "core/symbol_list.h"

#include <mutex>
#include <set>

namespace cloudlife::core {

namespace {

// Lists ordered by their symbols' pointers (any strict order will do: equal lists are equal
// element by element, and equal Symbols are the same pointer).
struct SymbolListLess {
  bool operator()(const std::vector<Symbol>& a, const std::vector<Symbol>& b) const noexcept {
    if (a.size() != b.size()) return a.size() < b.size();
    for (std::size_t i = 0; i < a.size(); ++i) {
      const char* x = a[i].c_str();
      const char* y = b[i].c_str();
      if (x != y) return std::less<const char*>{}(x, y);
    }
    return false;
  }
};

struct SymbolListPool {
  std::mutex mutex;
  // Node-based: an element never moves, so a SymbolList's pointer stays valid while the set grows.
  std::set<std::vector<Symbol>, SymbolListLess> lists;
};

// Never destroyed: SymbolLists in static objects may be read during exit.
SymbolListPool& symbol_list_pool() {
  static SymbolListPool* pool = new SymbolListPool;
  return *pool;
}

}  // namespace

const std::vector<Symbol>& SymbolList::empty_list() noexcept {
  static const std::vector<Symbol>* empty = new std::vector<Symbol>;
  return *empty;
}

const std::vector<Symbol>* SymbolList::intern(const std::vector<Symbol>& symbols) {
  if (symbols.empty()) return &empty_list();
  SymbolListPool& pool = symbol_list_pool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  return &*pool.lists.insert(symbols).first;
}

std::size_t SymbolList::pool_size() {
  SymbolListPool& pool = symbol_list_pool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  return pool.lists.size();
}

std::vector<std::string> texts_of(const SymbolList& symbols) {
  return texts_of(symbols.vec());
}

}  // namespace cloudlife::core
