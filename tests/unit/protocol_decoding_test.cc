// Units for the Query protocol decoding: form bodies, dotted lists and structures, SigV4 scope.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "protocol/alibaba_request.h"
#include "protocol/form_decoding.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"
#include "protocol/sigv4.h"

namespace cloudlife::protocol {
namespace {

TEST(FormDecoding, PlusAndPercent20AreBothSpacesAndPercent2BIsAPlus) {
  // docs/wire.md "AWS request encoding": botocore sends '+', the JS SDKs '%20'; a literal '+' is
  // always %2B.
  auto botocore = decode_form("V=a+b%2Bc%2Fd%3De%26f%3Ag%2Ah~%27%21%28%29%C3%A9");
  auto js = decode_form("V=a%20b%2Bc%2Fd%3De%26f%3Ag%2Ah~%27%21%28%29%C3%A9");
  ASSERT_TRUE(botocore && js);
  EXPECT_EQ(botocore->at(0).second, "a b+c/d=e&f:g*h~'!()\xC3\xA9");
  EXPECT_EQ(js->at(0).second, botocore->at(0).second);
}

TEST(FormDecoding, MalformedEscapesAreRejectedNotGuessed) {
  EXPECT_FALSE(decode_form("Action=Run%4").has_value());
  EXPECT_FALSE(decode_form("Action=Run%zzX").has_value());
  auto empty = decode_form("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  auto bare = decode_form("DryRun&&X=");
  ASSERT_TRUE(bare);
  ASSERT_EQ(bare->size(), 2u);
  EXPECT_EQ(bare->at(0).second, "");
}

TEST(QueryParams, ListsAreOneBasedInNumericOrderWhateverTheWireOrder) {
  QueryParams p(*decode_form(
      "InstanceId.10=j&InstanceId.2=b&Version=2016-11-15&InstanceId.1=a&Action=X&InstanceId.3=c"));
  EXPECT_EQ(p.list("InstanceId"), (std::vector<std::string>{"a", "b", "c", "j"}));
  EXPECT_EQ(p.str_or("Action", ""), "X");
  EXPECT_TRUE(p.list("Missing").empty());
}

TEST(QueryParams, StructuresAndNestedListsScopeWithoutCopying) {
  QueryParams p(*decode_form(
      "Filter.1.Name=instance-state-name&Filter.1.Value.1=running&Filter.1.Value.2=stopped&"
      "Filter.2.Name=tag%3Aenv&Filter.2.Value.1=test&"
      "TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=Name&"
      "TagSpecification.1.Tag.1.Value=web-1"));
  auto filters = p.structs("Filter");
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].str_or("Name", ""), "instance-state-name");
  EXPECT_EQ(filters[0].list("Value"), (std::vector<std::string>{"running", "stopped"}));
  EXPECT_EQ(filters[1].str_or("Name", ""), "tag:env");
  auto specs = p.structs("TagSpecification");
  ASSERT_EQ(specs.size(), 1u);
  auto tags = specs[0].structs("Tag");
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0].str_or("Value", ""), "web-1");
  EXPECT_EQ(tags[0].full_name("Key"), "TagSpecification.1.Tag.1.Key");
}

TEST(QueryParams, AwsQueryMemberListsAndEmptyListMarker) {
  // Auto Scaling sends `.member.N`, and an empty list as `Name=` (docs/wire.md "AWS request
  // encoding").
  QueryParams p(
      *decode_form("InstanceIds.member.1=i-a&InstanceIds.member.2=i-b&"
                   "AutoScalingGroupNames=&Tags.member.1.Key=env"));
  EXPECT_EQ(p.list("InstanceIds.member"), (std::vector<std::string>{"i-a", "i-b"}));
  EXPECT_TRUE(p.list("AutoScalingGroupNames.member").empty());
  EXPECT_TRUE(p.has("AutoScalingGroupNames"));
  EXPECT_EQ(p.structs("Tags.member").at(0).str_or("Key", ""), "env");
}

TEST(QueryParams, TypedGettersRefuseTextOfTheWrongType) {
  QueryParams p(*decode_form("MinCount=2&MaxCount=two&DryRun=TRUE&Force=yes"));
  EXPECT_EQ(p.integer("MinCount"), 2);
  EXPECT_THROW(p.integer("MaxCount"), ParamError);
  EXPECT_EQ(p.boolean("DryRun"), true);
  EXPECT_THROW(p.boolean("Force"), ParamError);
  EXPECT_FALSE(p.boolean("Hibernate").has_value());
}

TEST(QueryParams, HasAnyFindsStructuresByTheirPrefixOnly) {
  QueryParams p(*decode_form("LaunchTemplate.LaunchTemplateName=web&LaunchTemplateData.ImageId=x"));
  EXPECT_TRUE(p.has_any("LaunchTemplate"));
  EXPECT_TRUE(p.has_any("LaunchTemplateData"));
  EXPECT_FALSE(p.has_any("Launch"));
}

// find / has_any / indices skip the search when no parameter starts with the key's first segment
// (a hash of it); a key whose first segment only shares the hash must still be found absent, and
// every present key found, at the top and inside a scope.
TEST(QueryParams, AbsentKeysAreAbsentAndPresentOnesFoundWhateverTheirFirstSegment) {
  FormPairs pairs;
  std::vector<std::string> heads;
  for (char first = 'A'; first <= 'Z'; ++first) {
    for (int size = 1; size <= 12; ++size)
      heads.push_back(std::string(1, first) + std::string(size - 1, 'x'));
  }
  for (std::size_t i = 0; i < heads.size(); i += 3) {
    pairs.emplace_back(heads[i], "top" + std::to_string(i));
    pairs.emplace_back(heads[i] + ".1.Key", "k" + std::to_string(i));
  }
  const QueryParams params(pairs);
  for (std::size_t i = 0; i < heads.size(); ++i) {
    SCOPED_TRACE(heads[i]);
    const bool present = i % 3 == 0;
    ASSERT_EQ(params.find(heads[i]) != nullptr, present);
    if (present) {
      EXPECT_EQ(*params.find(heads[i]), "top" + std::to_string(i));
    }
    EXPECT_EQ(params.has_any(heads[i]), present);
    EXPECT_EQ(params.indices(heads[i]), present ? std::vector<int>{1} : std::vector<int>{});
    EXPECT_EQ(params.find(heads[i] + ".1.Key") != nullptr, present);
    EXPECT_EQ(params.scope(heads[i] + ".1.").str_or("Key", "-"),
              present ? "k" + std::to_string(i) : "-");
  }
}

TEST(SigV4, ParsesTheCredentialScopeOfEveryClientStyle) {
  auto boto = parse_sigv4_authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLEFAKE00001/20261121/us-east-1/ec2/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, Signature=9601b0172edc0ca95128e6a6a4a076a4");
  ASSERT_TRUE(boto);
  EXPECT_EQ(boto->access_key, "AKIDEXAMPLEFAKE00001");
  EXPECT_EQ(boto->date, "20261121");
  EXPECT_EQ(boto->region, "us-east-1");
  EXPECT_EQ(boto->service, "ec2");
  EXPECT_EQ(boto->signed_headers, (std::vector<std::string>{"content-type", "host", "x-amz-date"}));
  auto js = parse_sigv4_authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLEFAKE00001/20261121/eu-west-1/autoscaling/"
      "aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=abc");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->region, "eu-west-1");
  EXPECT_EQ(js->service, "autoscaling");
  EXPECT_FALSE(parse_sigv4_authorization("AWS AKID:signature").has_value());
  EXPECT_FALSE(parse_sigv4_authorization("AWS4-HMAC-SHA256 Credential=a/b/c").has_value());
}

TEST(RequestContext, AccountComesFromA12DigitKeyOrTheDefault) {
  EXPECT_EQ(account_for_access_key("000000000042"), "000000000042");
  EXPECT_EQ(account_for_access_key("AKIDEXAMPLEFAKE00001"), "123456789012");
  EXPECT_EQ(account_for_access_key(""), "123456789012");
}

// Found by the sequence test's kill -9 pass: an Alibaba RequestId is not state, so answering a
// request (a read, or one that is refused and never journaled) must not advance the state-ID
// sequence that a --state-dir replay recreates; otherwise every later ID changes after a restart.
TEST(AlibabaRequestId, DoesNotDrawFromTheReplayedStateIdSequence) {
  core::IdGenerator ids(42);
  const core::IdScope bound(ids);
  const std::string expected = core::resource_id("vol");
  ids.reseed(42);
  const std::string request_id = alibaba_request_id();
  EXPECT_EQ(request_id.size(), 36u);
  EXPECT_EQ(request_id, [&] {
    std::string up = request_id;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
  }());
  EXPECT_EQ(core::resource_id("vol"), expected);
}

}  // namespace
}  // namespace cloudlife::protocol
