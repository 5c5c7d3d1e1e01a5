// Page selection for the two ECS pagination schemes.
// Contract: `keys` are the sort keys of the already filtered items in ascending order; the result
// is the index range of the requested page. In token mode the NextToken is the hex form of the
// first key of the next page ("" on the last page), so a token stays valid when items before it
// go away. An undecodable token throws InvalidParameter (NextToken).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ecs/ecs_model.h"

namespace cloudlife::ecs {

struct PageSlice {
  std::size_t begin = 0;
  std::size_t end = 0;
  PageInfo info;
};

PageSlice select_page(const std::vector<std::string>& keys, const PageRequest& request);

// "%020llu" of a launch sequence number followed by the ID: an ascending, unique sort key.
std::string sequence_key(std::uint64_t seq, const std::string& id);

// The same page over items known by (sequence number, ID), in any order, without building the
// string keys or sorting them all: `keys` is rearranged so that [begin, end) holds the page in
// ascending order (partial selection, linear in keys.size()). Same answers and tokens as
// select_page() over the sequence_key()s.
struct SequencedKey {
  std::uint64_t seq = 0;
  const std::string* id = nullptr;
  std::size_t item = 0;  // the caller's index of the item
};
PageSlice select_page_in_sequence(std::vector<SequencedKey>& keys, const PageRequest& request);

// The same page when the `count` items are already in ascending order and all match
// (key_at(i) is the key of item i): a direct cut, binary search for a NextToken.
PageSlice select_page_in_order(std::size_t count,
                               const std::function<SequencedKey(std::size_t)>& key_at,
                               const PageRequest& request);

}  // namespace cloudlife::ecs
