// An optional value kept on the heap: one pointer while empty, for rarely set parts of records
// that exist by the thousand (an instance's IAM profile or state reason).
// Contract: the interface of std::optional that models use (has_value, bool, *, ->, value,
// value_or, emplace, reset, assignment from a value or std::nullopt, comparison with nullopt) with
// value semantics: a copy copies the value, a move moves the pointer (the source becomes empty).
//
//   core::HeapOptional<StateReason> reason;   // 8 bytes, nothing allocated
//   reason = StateReason{"Client.UserInitiatedShutdown", "…"};
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace cloudlife::core {

template <class T>
class HeapOptional {
 public:
  HeapOptional() noexcept = default;
  HeapOptional(std::nullopt_t) noexcept {}  // NOLINT(google-explicit-constructor)
  HeapOptional(const T& value) : value_(std::make_unique<T>(value)) {}        // NOLINT
  HeapOptional(T&& value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT
  HeapOptional(const std::optional<T>& value)  // NOLINT(google-explicit-constructor)
      : value_(value ? std::make_unique<T>(*value) : nullptr) {}
  HeapOptional(const HeapOptional& other)
      : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  HeapOptional(HeapOptional&& other) noexcept = default;
  ~HeapOptional() = default;

  HeapOptional& operator=(const HeapOptional& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  HeapOptional& operator=(HeapOptional&& other) noexcept = default;
  HeapOptional& operator=(std::nullopt_t) noexcept {
    value_.reset();
    return *this;
  }
  HeapOptional& operator=(const T& value) {
    if (value_) {
      *value_ = value;
    } else {
      value_ = std::make_unique<T>(value);
    }
    return *this;
  }
  HeapOptional& operator=(T&& value) {
    if (value_) {
      *value_ = std::move(value);
    } else {
      value_ = std::make_unique<T>(std::move(value));
    }
    return *this;
  }
  HeapOptional& operator=(const std::optional<T>& value) {
    if (value) return *this = *value;
    value_.reset();
    return *this;
  }

  bool has_value() const noexcept { return value_ != nullptr; }
  explicit operator bool() const noexcept { return value_ != nullptr; }

  T& operator*() noexcept { return *value_; }
  const T& operator*() const noexcept { return *value_; }
  T* operator->() noexcept { return value_.get(); }
  const T* operator->() const noexcept { return value_.get(); }
  T& value() {
    if (!value_) throw std::bad_optional_access();
    return *value_;
  }
  const T& value() const {
    if (!value_) throw std::bad_optional_access();
    return *value_;
  }
  template <class U>
  T value_or(U&& fallback) const {
    return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

  template <class... Args>
  T& emplace(Args&&... args) {
    value_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *value_;
  }
  void reset() noexcept { value_.reset(); }

  // The value as a std::optional (a copy), for code that hands one on.
  std::optional<T> as_optional() const { return value_ ? std::optional<T>(*value_) : std::nullopt; }

  friend bool operator==(const HeapOptional& a, std::nullopt_t) noexcept { return !a.value_; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace cloudlife::core
