// Units for ECS paging: selecting a page over (launch order, ID) keys in any order gives exactly
// the pages and NextTokens of the sorted-string-key selection, in both pagination schemes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "ecs/paging.h"

namespace cloudlife::ecs {
namespace {

struct Item {
  std::uint64_t seq;
  std::string id;
};

std::vector<Item> shuffled_items(std::size_t n, std::mt19937& rng) {
  std::vector<Item> items;
  for (std::size_t i = 0; i < n; ++i) {
    items.push_back(Item{i * 3 + 1, "i-" + std::to_string(rng() % 100000)});
  }
  std::shuffle(items.begin(), items.end(), rng);
  return items;
}

// The reference: sorted sequence_key()s through select_page(); returns the page's IDs.
std::vector<std::string> by_strings(const std::vector<Item>& items, const PageRequest& request,
                                    PageInfo& info) {
  std::vector<std::pair<std::string, std::string>> keyed;
  for (const Item& it : items) keyed.emplace_back(sequence_key(it.seq, it.id), it.id);
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> keys;
  for (const auto& k : keyed) keys.push_back(k.first);
  const PageSlice slice = select_page(keys, request);
  info = slice.info;
  std::vector<std::string> ids;
  for (std::size_t i = slice.begin; i < slice.end; ++i) ids.push_back(keyed[i].second);
  return ids;
}

std::vector<std::string> in_sequence(const std::vector<Item>& items, const PageRequest& request,
                                     PageInfo& info) {
  std::vector<SequencedKey> keys;
  for (std::size_t i = 0; i < items.size(); ++i) {
    keys.push_back(SequencedKey{items[i].seq, &items[i].id, i});
  }
  const PageSlice slice = select_page_in_sequence(keys, request);
  info = slice.info;
  std::vector<std::string> ids;
  for (std::size_t i = slice.begin; i < slice.end; ++i) ids.push_back(items[keys[i].item].id);
  return ids;
}

// The same over items already in launch order (the unfiltered listing).
std::vector<std::string> in_order(std::vector<Item> items, const PageRequest& request,
                                  PageInfo& info) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.seq < b.seq; });
  const PageSlice slice = select_page_in_order(
      items.size(),
      [&](std::size_t i) {
        return SequencedKey{items[i].seq, &items[i].id, i};
      },
      request);
  info = slice.info;
  std::vector<std::string> ids;
  for (std::size_t i = slice.begin; i < slice.end; ++i) ids.push_back(items[i].id);
  return ids;
}

TEST(EcsPaging, PageNumbersMatchTheSortedKeySelection) {
  std::mt19937 rng(3);
  for (std::size_t n : {0u, 1u, 9u, 10u, 11u, 257u}) {
    const std::vector<Item> items = shuffled_items(n, rng);
    for (long long size : {1LL, 10LL, 100LL}) {
      for (long long page = 1; page <= 30; ++page) {
        PageRequest request;
        request.page_number = page;
        request.page_size = size;
        PageInfo want, got, listed;
        EXPECT_EQ(in_sequence(items, request, got), by_strings(items, request, want));
        EXPECT_EQ(in_order(items, request, listed), by_strings(items, request, want));
        EXPECT_EQ(got.total_count, want.total_count);
        EXPECT_EQ(listed.total_count, want.total_count);
        EXPECT_EQ(got.page_number, want.page_number);
      }
    }
  }
}

TEST(EcsPaging, NextTokensWalkTheSameItemsAsTheSortedKeySelection) {
  std::mt19937 rng(5);
  const std::vector<Item> items = shuffled_items(95, rng);
  PageRequest a, b;
  a.token_mode = b.token_mode = true;
  a.page_size = b.page_size = 10;
  int pages = 0;
  do {
    PageInfo want, got, listed;
    EXPECT_EQ(in_sequence(items, b, got), by_strings(items, a, want));
    EXPECT_EQ(in_order(items, b, listed), by_strings(items, a, want));
    EXPECT_EQ(got.next_token, want.next_token);
    EXPECT_EQ(listed.next_token, want.next_token);
    EXPECT_EQ(got.total_count, want.total_count);
    a.next_token = want.next_token;
    b.next_token = got.next_token;
    ++pages;
  } while (!a.next_token.empty() && pages < 20);
  EXPECT_EQ(pages, 10);
  PageRequest odd;  // a token that is not a sequence key still selects by string order
  odd.token_mode = true;
  odd.page_size = 5;
  odd.next_token = "3030303030";  // "00000"
  PageInfo want, got, listed;
  EXPECT_EQ(in_sequence(items, odd, got), by_strings(items, odd, want));
  EXPECT_EQ(in_order(items, odd, listed), by_strings(items, odd, want));
  EXPECT_EQ(got.next_token, want.next_token);
  EXPECT_EQ(listed.next_token, want.next_token);
  // 20 digits beyond 64 bits: compared as text, like every other key (no overflow).
  std::string huge;
  for (char c : std::string("99999999999999999999:i-1")) {
    static constexpr char kHex[] = "0123456789abcdef";
    huge += kHex[static_cast<unsigned char>(c) >> 4];
    huge += kHex[static_cast<unsigned char>(c) & 0xf];
  }
  odd.next_token = huge;
  EXPECT_EQ(in_sequence(items, odd, got), by_strings(items, odd, want));
  EXPECT_EQ(in_order(items, odd, listed), by_strings(items, odd, want));
  EXPECT_TRUE(want.next_token.empty());
}

}  // namespace
}  // namespace cloudlife::ecs
