// Dotted-path access to AWS Query parameters ("Filter.1.Value.2", "Tags.member.1.Key").
// Contract: lists are 1-based; list() and structs() return the entries in numeric index order and
// skip nothing that is present; scope("Filter.1.") views the parameters under a prefix without
// copying. Typed getters throw ParamError for text that is not of the type; the front end of each
// cloud turns ParamError into that cloud's error code. No business rule lives here.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/form_decoding.h"

namespace cloudlife::protocol {

class ParamError : public std::runtime_error {
 public:
  enum class Kind { kNotBoolean, kNotInteger, kNotList, kNotNumber, kNotTimestamp };
  ParamError(Kind kind, std::string name, std::string value)
      : std::runtime_error("invalid value '" + value + "' for " + name),
        kind_(kind),
        name_(std::move(name)),
        value_(std::move(value)) {}
  Kind kind() const { return kind_; }
  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }

 private:
  Kind kind_;
  std::string name_;
  std::string value_;
};

class QueryParams {
 public:
  using Map = std::map<std::string, std::string, std::less<>>;

  QueryParams() : values_(std::make_shared<Values>()) {}
  explicit QueryParams(const FormPairs& pairs);  // later duplicates win
  // The same from pairs it may take apart: `first` then `second`, later duplicates winning.
  QueryParams(FormPairs&& first, FormPairs&& second);

  // The view of everything under `prefix` (which normally ends with '.').
  QueryParams scope(std::string_view prefix) const;
  const std::string& prefix() const { return prefix_; }

  const std::string* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // True when any parameter starts with key + "." or equals key.
  bool has_any(std::string_view key) const;
  std::optional<std::string> str(std::string_view key) const;
  std::string str_or(std::string_view key, std::string_view fallback) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;

  // Values of key.1, key.2, … (for awsQuery pass "Name.member").
  std::vector<std::string> list(std::string_view key) const;
  // Views of key.1., key.2., … for lists of structures.
  std::vector<QueryParams> structs(std::string_view key) const;
  // Indices present under key (sorted), for either kind of list.
  std::vector<int> indices(std::string_view key) const;

  // The full wire name of `key` inside this view (for error messages).
  std::string full_name(std::string_view key) const { return prefix_ + std::string(key); }
  // Every (full key, value) pair in this view, sorted by key.
  std::vector<std::pair<std::string, std::string>> entries() const;
  // Calls f(full key, value) for the same pairs in the same order, without copying them.
  template <class F>
  void for_each_entry(F&& f) const {
    for (auto it = values_->map.lower_bound(prefix_);
         it != values_->map.end() && it->first.compare(0, prefix_.size(), prefix_) == 0; ++it) {
      f(it->first, it->second);
    }
  }

 private:
  // The parameters, and a bit per hash of the first segments they start with ("Filter" of
  // "Filter.1.Name"): a generated decoder looks up every member of its shape, and most are absent.
  struct Values {
    Map map;
    std::array<std::uint64_t, 4> heads{};
    void add_head(std::string_view key);
    bool may_have_head(std::string_view key) const;
  };
  static std::shared_ptr<const Values> index(std::shared_ptr<Values> values);

  QueryParams(std::shared_ptr<const Values> values, std::string prefix)
      : values_(std::move(values)), prefix_(std::move(prefix)) {}
  // False only when no parameter starts with key's first segment (in a view without a prefix);
  // then find, has_any and indices answer without a search.
  bool may_exist(std::string_view key) const {
    return !prefix_.empty() || values_->may_have_head(key);
  }

  std::shared_ptr<const Values> values_;
  std::string prefix_;
};

}  // namespace cloudlife::protocol
