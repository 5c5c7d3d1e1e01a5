// core::Symbol (interned strings) and core::HeapOptional (an optional kept on the heap).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/heap_optional.h"
#include "core/symbol.h"

namespace cloudlife::core {
namespace {

TEST(Symbol, IsOnePointerWide) {
  EXPECT_EQ(sizeof(Symbol), sizeof(void*));
}

TEST(Symbol, EqualTextsShareOneEntryOfThePool) {
  const Symbol a = std::string("t3.micro-symbol-test");
  const Symbol b = std::string_view("t3.micro-symbol-test");
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_EQ(a, b);
  const std::size_t before = Symbol::pool_size();
  const Symbol c = "t3.micro-symbol-test";
  EXPECT_EQ(Symbol::pool_size(), before);
  EXPECT_EQ(&c.str(), &a.str());
}

TEST(Symbol, DefaultIsTheEmptyTextAndInternsNothing) {
  const std::size_t before = Symbol::pool_size();
  Symbol empty;
  const Symbol from_empty = std::string();
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty, from_empty);
  EXPECT_EQ(empty, "");
  EXPECT_EQ(Symbol::pool_size(), before);
  Symbol set = "vpc-0123";
  set.clear();
  EXPECT_TRUE(set.empty());
}

TEST(Symbol, ComparesAndOrdersByText) {
  const Symbol a = "us-east-1a";
  const Symbol b = "us-east-1b";
  EXPECT_TRUE(a == "us-east-1a");
  EXPECT_TRUE("us-east-1a" == a);
  EXPECT_TRUE(a == std::string("us-east-1a"));
  EXPECT_TRUE(std::string("us-east-1a") == a);
  EXPECT_TRUE(a == std::string_view("us-east-1a"));
  EXPECT_TRUE(a != b);
  EXPECT_TRUE(a != "us-east-1b");
  EXPECT_LT(a, b);
  EXPECT_LT(a, "us-east-1b");
  EXPECT_GT(b, std::string("us-east-1a"));
  // Ordering follows the text, not the pool's addresses: interned in reverse order here.
  const Symbol z = "zz-symbol-order";
  const Symbol y = "yy-symbol-order";
  std::set<Symbol> ordered{z, y};
  EXPECT_EQ(*ordered.begin(), "yy-symbol-order");
}

TEST(Symbol, ReadsAsAStringAndAView) {
  const Symbol s = "ami-0c02fb55956c7d316";
  const std::string& text = s;
  std::string_view view = s;
  EXPECT_EQ(text, "ami-0c02fb55956c7d316");
  EXPECT_EQ(view, "ami-0c02fb55956c7d316");
  EXPECT_EQ(s.size(), 21u);
  EXPECT_TRUE(s.starts_with("ami-"));
  EXPECT_EQ(s.substr(0, 3), "ami");
  EXPECT_EQ(s.find('-'), 3u);
  EXPECT_EQ("image " + s, "image ami-0c02fb55956c7d316");
  EXPECT_EQ(s + "!", "ami-0c02fb55956c7d316!");
  std::ostringstream out;
  out << s;
  EXPECT_EQ(out.str(), "ami-0c02fb55956c7d316");
  std::string assigned;
  assigned = s;
  EXPECT_EQ(assigned, s.str());
}

TEST(Symbol, WritesToJsonAsItsText) {
  nlohmann::json j;
  j["type"] = Symbol("t3.micro");
  j["groups"] = std::vector<Symbol>{"sg-1", "sg-2"};
  EXPECT_EQ(j.dump(), R"({"groups":["sg-1","sg-2"],"type":"t3.micro"})");
}

TEST(Symbol, InternedLiteralIsTheSameSymbolEveryTime) {
  const Symbol& a = interned<"running-symbol-test">();
  const Symbol& b = interned<"running-symbol-test">();
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(a, Symbol("running-symbol-test"));
}

TEST(Symbol, ConvertsVectorsBothWays) {
  const std::vector<std::string> texts{"sg-b", "sg-a", "sg-b"};
  const std::vector<Symbol> symbols = symbols_of(texts);
  ASSERT_EQ(symbols.size(), 3u);
  EXPECT_EQ(symbols[0], symbols[2]);
  EXPECT_EQ(texts_of(symbols), texts);
}

TEST(Symbol, InterningFromManyThreadsGivesOneEntryPerText) {
  std::vector<std::thread> threads;
  std::vector<std::vector<const std::string*>> seen(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &seen] {
      for (int i = 0; i < 200; ++i) {
        seen[t].push_back(&Symbol("threaded-symbol-" + std::to_string(i)).str());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 1; t < 4; ++t) EXPECT_EQ(seen[t], seen[0]);
}

struct Reason {
  std::string code;
  std::string message;
};

TEST(HeapOptional, EmptyIsOnePointerAndAllocatesNothing) {
  HeapOptional<Reason> r;
  EXPECT_EQ(sizeof(r), sizeof(void*));
  EXPECT_FALSE(r.has_value());
  EXPECT_FALSE(r);
  EXPECT_TRUE(r == std::nullopt);
  EXPECT_THROW(r.value(), std::bad_optional_access);
}

TEST(HeapOptional, BehavesLikeAnOptionalWithValueSemantics) {
  HeapOptional<Reason> r = Reason{"Client.UserInitiatedShutdown", "user"};
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, "Client.UserInitiatedShutdown");
  HeapOptional<Reason> copy = r;
  copy->message = "changed";
  EXPECT_EQ(r->message, "user");  // a copy owns its own value
  HeapOptional<Reason> moved = std::move(copy);
  EXPECT_EQ(moved->message, "changed");
  r = std::nullopt;
  EXPECT_FALSE(r);
  r.emplace(Reason{"a", "b"});
  EXPECT_EQ((*r).message, "b");
  r.reset();
  EXPECT_EQ(r.value_or(Reason{"x", "y"}).code, "x");
  const std::optional<Reason> std_optional = Reason{"c", "d"};
  r = std_optional;
  EXPECT_EQ(r.as_optional()->code, "c");
}

}  // namespace
}  // namespace cloudlife::core
