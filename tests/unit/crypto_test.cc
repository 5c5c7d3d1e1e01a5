// Units for the crypto helpers: digests, MACs and base64 against published values.
#include <gtest/gtest.h>

#include "protocol/crypto.h"

namespace cloudlife::protocol {
namespace {

TEST(Crypto, Sha256AndHmacMatchPublishedValues) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2.
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 2202 test case 2.
  EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, Base64RoundTripsAnyBytes) {
  for (const std::string& raw : {std::string(""), std::string("f"), std::string("fo"),
                                std::string("foo"), std::string("\xff\xfe\x00\x01", 4)}) {
    const std::string encoded = base64_encode(raw);
    EXPECT_EQ(base64_decode(encoded), raw) << encoded;
  }
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_FALSE(base64_decode("abc").has_value());
}

TEST(Crypto, ConstantTimeCompare) {
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "abcd"));
}

}  // namespace
}  // namespace cloudlife::protocol
