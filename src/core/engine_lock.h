// Proof that the caller holds an Engine's lock: the engine-lock contract, checked by the compiler.
// Contract: only Engine creates an EngineLock, on its stack, for exactly as long as it holds its
// mutex (inside transact(), with_lock(), reset_with(), advance() and the events it fires), and
// hands it to the body by const reference. It cannot be copied, moved or made anywhere else, so a
// function that takes one can only be reached from code the engine runs under its lock.
// Every door to cloud state takes a LockProof: Partitions::get/find/for_each/clear, the models'
// partition()/find_partition()/for_each_partition()/clear() and their other state containers, the
// engine's clock() and ids(), the scheduler's firing. A LockProof is made from the token or from a
// partition already in hand: every partition struct derives from LockedState, whose constructor
// takes the token, so a model method handed one partition may reach the others (its siblings, or
// another cloud's partition of the same key) without the token being threaded through every call.
// Reaching state with neither is a compile error (tests/compile_fail/ checks it).
// Single-threaded unit tests obtain a token from tests/unit/support/engine_lock_for_test.h, a
// header src/ never includes (the same ctest check refuses any mention of it under src/).
#pragma once

namespace cloudlife::core {

class Engine;
struct EngineLockForTest;  // tests/unit/support/engine_lock_for_test.h only

class EngineLock {
 public:
  EngineLock(const EngineLock&) = delete;
  EngineLock(EngineLock&&) = delete;
  EngineLock& operator=(const EngineLock&) = delete;
  EngineLock& operator=(EngineLock&&) = delete;
  ~EngineLock() = default;

 private:
  EngineLock() = default;
  friend class Engine;
  friend struct EngineLockForTest;
};

class LockedState;

// What a door to cloud state takes: the token, or a partition obtained with it. Free to pass by
// value; it has no other constructor.
class LockProof {
 public:
  LockProof(const EngineLock& /*held*/) {}   // NOLINT(google-explicit-constructor): by design
  LockProof(const LockedState& /*held*/) {}  // NOLINT(google-explicit-constructor): by design
};

// Base of every partition struct (Ec2Partition, AsgPartition, ElbPartition, EcsPartition): made
// only with a LockProof (Partitions::get passes its own), so a reference to one proves the lock was
// taken to reach it.
class LockedState {
 protected:
  explicit LockedState(LockProof /*held*/) {}
};

// A piece of state outside any Partitions (a model's or a front end's own table), reachable only
// with the lock's proof.
template <class T>
class Guarded {
 public:
  T& get(LockProof /*held*/) { return value_; }
  const T& get(LockProof /*held*/) const { return value_; }

 private:
  T value_{};
};

}  // namespace cloudlife::core
