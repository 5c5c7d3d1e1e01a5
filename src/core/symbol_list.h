// An interned, immutable list of Symbols, for the lists many records share (an instance's
// security group IDs and names: most instances of an account have the same few).
// Contract: a SymbolList is one pointer into a process-wide pool of distinct lists; equal lists
// give the same pointer, so copying is a pointer copy. The pool is thread-safe (interning takes its
// mutex; reading takes nothing) and never shrinks, like Symbol's: intern only lists drawn from a
// small set. A SymbolList reads as `const std::vector<Symbol>&` (implicitly, or vec()); to change
// one, assign a new list.
//
//   core::SymbolList groups = core::symbols_of(request.group_ids);  // interns
//   for (const core::Symbol& g : groups) use(g);
#pragma once

#include <cstddef>
#include <initializer_list>
#include <vector>

#include "core/symbol.h"

namespace cloudlife::core {

class SymbolList {
 public:
  using const_iterator = std::vector<Symbol>::const_iterator;
  using iterator = const_iterator;
  using value_type = Symbol;

  SymbolList() noexcept : list_(&empty_list()) {}
  SymbolList(const std::vector<Symbol>& symbols)  // NOLINT(google-explicit-constructor)
      : list_(intern(symbols)) {}
  SymbolList(std::initializer_list<Symbol> symbols)  // NOLINT(google-explicit-constructor)
      : list_(intern(std::vector<Symbol>(symbols))) {}

  const std::vector<Symbol>& vec() const noexcept { return *list_; }
  operator const std::vector<Symbol>&() const noexcept { return *list_; }  // NOLINT

  const_iterator begin() const noexcept { return list_->begin(); }
  const_iterator end() const noexcept { return list_->end(); }
  std::size_t size() const noexcept { return list_->size(); }
  bool empty() const noexcept { return list_->empty(); }
  const Symbol& operator[](std::size_t i) const noexcept { return (*list_)[i]; }
  const Symbol& front() const noexcept { return list_->front(); }
  const Symbol& back() const noexcept { return list_->back(); }
  void clear() noexcept { list_ = &empty_list(); }

  // How many distinct lists the pool holds (for tests and diagnostics).
  static std::size_t pool_size();

  friend bool operator==(const SymbolList& a, const SymbolList& b) noexcept {
    return a.list_ == b.list_;
  }
  friend bool operator==(const SymbolList& a, const std::vector<Symbol>& b) noexcept {
    return *a.list_ == b;
  }

 private:
  static const std::vector<Symbol>& empty_list() noexcept;
  static const std::vector<Symbol>* intern(const std::vector<Symbol>& symbols);

  const std::vector<Symbol>* list_;
};

// Each symbol's text, in order.
std::vector<std::string> texts_of(const SymbolList& symbols);

}  // namespace cloudlife::core
