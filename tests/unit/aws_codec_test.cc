// Units for the generated AWS codec (scripts/gen_aws_codec.py) on two test models
// (tests/unit/codec/): the request decoders' wire rules (EC2 and Query lists, maps, nested
// structures, queryName/locationName, type errors, missing required members), the streaming
// writers' element names, and the error catalogue.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <type_traits>

#include "core/time.h"
#include "protocol/aws_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/form_decoding.h"
#include "testec2_codec.h"
#include "testquery_codec.h"

namespace cloudlife {
namespace {

protocol::QueryParams params(std::string_view body) {
  return protocol::QueryParams(*protocol::decode_form(body));
}

template <class F>
core::ServiceError service_error_of(F&& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e;
  }
  ADD_FAILURE() << "no ServiceError";
  return core::ServiceError("", "");
}

// ---- EC2 protocol decoding ----

TEST(AwsCodecEc2Decode, ScalarsListsAndNestedStructuresUseTheEc2WireNames) {
  const auto req = codec::testec2::TestOpRequest::decode(
      params("Count=3&Name.1=a&Name.2=b&Number.2=20&Number.1=10&DryRun=true&QueryRenamed=q"
             "&When=2026-11-21T10:00:00Z&Ratio=0.5&Item.1.Key=k&Item.1.Value.1=v1&Item.1.Value.2=v2"
             "&Item.2.Key=k2&Item.2.Size=7&Placement.AvailabilityZone=us-east-1a"));
  EXPECT_EQ(req.count, 3);
  EXPECT_EQ(req.names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(req.numbers, (std::vector<std::int64_t>{10, 20}));  // in index order
  EXPECT_EQ(req.dry_run, true);                                 // locationName dryRun, capitalised
  EXPECT_EQ(req.renamed, "q");                                  // queryName wins over locationName
  EXPECT_EQ(req.when, core::parse_iso8601("2026-11-21T10:00:00Z"));
  EXPECT_EQ(req.ratio, 0.5);
  ASSERT_EQ(req.items.size(), 2u);
  EXPECT_EQ(req.items[0].key, "k");
  EXPECT_EQ(req.items[0].values, (std::vector<std::string>{"v1", "v2"}));
  EXPECT_FALSE(req.items[0].size.has_value());
  EXPECT_EQ(req.items[1].size, 7);
  ASSERT_TRUE(req.placement.has_value());
  EXPECT_EQ(req.placement->zone, "us-east-1a");
  EXPECT_FALSE(req.placement->tenancy.has_value());
}

TEST(AwsCodecEc2Decode, AbsentOptionalMembersStayEmpty) {
  const auto req = codec::testec2::TestOpRequest::decode(params("Count=1&Name.1=a"));
  EXPECT_FALSE(req.dry_run.has_value());
  EXPECT_FALSE(req.placement.has_value());
  EXPECT_TRUE(req.items.empty());
  // Required members are plain values, optional scalars std::optional, lists vectors.
  static_assert(std::is_same_v<decltype(codec::testec2::TestOpRequest::count), std::int64_t>);
  static_assert(
      std::is_same_v<decltype(codec::testec2::TestOpRequest::dry_run), std::optional<bool>>);
}

TEST(AwsCodecEc2Decode, MissingRequiredMembersAreMissingParameter) {
  auto e = service_error_of([] { codec::testec2::TestOpRequest::decode(params("Name.1=a")); });
  EXPECT_EQ(e.code(), "MissingParameter");
  EXPECT_EQ(e.message(), "The request must contain the parameter Count");
  EXPECT_EQ(e.http_status(), 400);
  // An empty required list is missing too, named the way EC2 does (Name.N -> nameSet).
  e = service_error_of([] { codec::testec2::TestOpRequest::decode(params("Count=1")); });
  EXPECT_EQ(e.message(), "The request must contain the parameter nameSet");
  // A required member of a nested structure, with its full wire name.
  e = service_error_of([] {
    codec::testec2::TestOpRequest::decode(params("Count=1&Name.1=a&Placement.Tenancy=default"));
  });
  EXPECT_EQ(e.message(), "The request must contain the parameter Placement.AvailabilityZone");
}

TEST(AwsCodecEc2Decode, WrongTypesAreParamErrorsNamingTheParameter) {
  const auto kind_of = [](std::string_view body) {
    try {
      codec::testec2::TestOpRequest::decode(params(body));
    } catch (const protocol::ParamError& e) {
      return std::make_pair(e.kind(), e.name());
    }
    return std::make_pair(protocol::ParamError::Kind::kNotList, std::string("none"));
  };
  using K = protocol::ParamError::Kind;
  EXPECT_EQ(kind_of("Count=two&Name.1=a"), std::make_pair(K::kNotInteger, std::string("Count")));
  EXPECT_EQ(kind_of("Count=1&Name.1=a&DryRun=yes"),
            std::make_pair(K::kNotBoolean, std::string("DryRun")));
  EXPECT_EQ(kind_of("Count=1&Name.1=a&Item.1.Size=big"),
            std::make_pair(K::kNotInteger, std::string("Item.1.Size")));
  EXPECT_EQ(kind_of("Count=1&Name.1=a&When=yesterday"),
            std::make_pair(K::kNotTimestamp, std::string("When")));
  EXPECT_EQ(kind_of("Count=1&Name.1=a&Ratio=half"),
            std::make_pair(K::kNotNumber, std::string("Ratio")));
}

// ---- Query protocol decoding ----

TEST(AwsCodecQueryDecode, ListsAreMemberNAndMapsAreEntryN) {
  const auto req = codec::testquery::QueryOpInput::decode(
      params("GroupName=g&Names.member.1=a&Names.member.2=b&Tags.member.1.Key=k"
             "&Tags.member.1.Value=v&Tags.member.1.Propagate=true&Attributes.entry.1.key=x"
             "&Attributes.entry.1.value=1&Attributes.entry.2.key=y&Attributes.entry.2.value=2"
             "&MaxRecords=10"));
  EXPECT_EQ(req.group_name, "g");
  EXPECT_EQ(req.names, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(req.tags.size(), 1u);
  EXPECT_EQ(req.tags[0].key, "k");
  EXPECT_EQ(req.tags[0].value, "v");
  EXPECT_EQ(req.tags[0].propagate, true);
  EXPECT_EQ(req.attributes, (std::map<std::string, std::string>{{"x", "1"}, {"y", "2"}}));
  EXPECT_EQ(req.max_records, 10);
  // Through the per-operation alias as well.
  static_assert(std::is_same_v<codec::testquery::QueryOpRequest, codec::testquery::QueryOpInput>);
}

TEST(AwsCodecQueryDecode, EmptyListAsBotocoreSendsItIsEmpty) {
  const auto req = codec::testquery::QueryOpInput::decode(params("GroupName=g&Names="));
  EXPECT_TRUE(req.names.empty());
}

TEST(AwsCodecQueryDecode, MissingOrEmptyRequiredMembersAreValidationErrors) {
  for (const char* body : {"", "GroupName="}) {
    const auto e = service_error_of([&] { codec::testquery::QueryOpInput::decode(params(body)); });
    EXPECT_EQ(e.code(), "ValidationError");
    EXPECT_EQ(e.message(),
              "1 validation error detected: Value null at 'groupName' failed to satisfy "
              "constraint: Member must not be null");
  }
  const auto e = service_error_of(
      [] { codec::testquery::QueryOpInput::decode(params("GroupName=g&Tags.member.1.Value=v")); });
  EXPECT_EQ(e.code(), "ValidationError");
  EXPECT_NE(e.message().find("'tags.1.member.key'"), std::string::npos) << e.message();
}

TEST(AwsCodecQueryDecode, NestedMembersAreNamedAsAwsValidationNamesThem) {
  EXPECT_EQ(protocol::query_validation_path("AutoScalingGroupName"), "autoScalingGroupName");
  EXPECT_EQ(protocol::query_validation_path("LifecycleHookSpecificationList.member.2."
                                            "LifecycleTransition"),
            "lifecycleHookSpecificationList.2.member.lifecycleTransition");
  EXPECT_EQ(protocol::query_validation_path("MixedInstancesPolicy.LaunchTemplate.Overrides.member."
                                            "1.InstanceRequirements.VCpuCount.Min"),
            "mixedInstancesPolicy.launchTemplate.overrides.1.member.instanceRequirements."
            "vCpuCount.min");
}

TEST(AwsCodecQueryDecode, WrongTypesAreParamErrors) {
  EXPECT_THROW(codec::testquery::QueryOpInput::decode(params("GroupName=g&Force=1")),
               protocol::ParamError);
  EXPECT_THROW(codec::testquery::QueryOpInput::decode(params("GroupName=g&MaxRecords=1.5")),
               protocol::ParamError);
}

// ---- Streaming writers ----

TEST(AwsCodecEc2Writer, ElementNamesFollowTheModel) {
  codec::testec2::TestOpResponse out("req-1");
  const std::vector<std::string> names{"a", "b"};
  struct Row {
    std::string key;
    int size;
  };
  const std::vector<Row> rows{{"k1", 1}, {"k<2", 2}};
  out.items(rows,
            [](codec::testec2::ItemWriter& w, const Row& r) {
              w.key(r.key).size(r.size).values(
                  [](codec::testec2::StringListWriter& l) { l.item("v"); });
            })
      .count(2)
      .flag(true)
      .when(core::TimeMs{1795773600123})
      .ratio(0.25)
      .placement([](codec::testec2::PlacementWriter& p) { p.zone("us-east-1a"); })
      .names(names)
      .next_token("t");
  const protocol::HttpResponse r = out.finish();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<TestOpResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            "<requestId>req-1</requestId>"
            "<itemSet><item><key>k1</key><size>1</size><Value><item>v</item></Value></item>"
            "<item><key>k&lt;2</key><size>2</size><Value><item>v</item></Value></item></itemSet>"
            "<count>2</count><flag>true</flag><when>" +
                core::format_iso8601_ms(1795773600123) +
                "</when><ratio>0.25</ratio>"
                "<placement><availabilityZone>us-east-1a</availabilityZone></placement>"
                "<nameSet><item>a</item><item>b</item></nameSet><nextToken>t</nextToken>"
                "</TestOpResponse>");
}

TEST(AwsCodecEc2Writer, AnOperationWithoutOutputAnswersReturnTrue) {
  const protocol::HttpResponse r = codec::testec2::NoOutputOpResponse("r").finish();
  EXPECT_NE(r.body.find("<requestId>r</requestId><return>true</return></NoOutputOpResponse>"),
            std::string::npos)
      << r.body;
}

TEST(AwsCodecQueryWriter, PayloadSitsInTheResultWrapperAndListsUseMember) {
  codec::testquery::QueryOpResponse out("rid");
  out.names(std::vector<std::string>{"a"})
      .tags([](codec::testquery::TagsWriter& l) {
        l.item([](codec::testquery::TagWriter& t) { t.key("k").propagate(false); });
      })
      .attributes([](codec::testquery::AttributesWriter& m) { m.entry("x", "1"); });
  const protocol::HttpResponse r = out.finish();
  EXPECT_EQ(r.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<QueryOpResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
            "<QueryOpResult><Names><member>a</member></Names>"
            "<Tags><member><Key>k</Key><Propagate>false</Propagate></member></Tags>"
            "<Attributes><entry><key>x</key><value>1</value></entry></Attributes>"
            "</QueryOpResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>"
            "</QueryOpResponse>");
}

TEST(AwsCodecQueryWriter, EmptyOutputKeepsTheResultElementAndNoOutputHasNone) {
  EXPECT_NE(codec::testquery::EmptyOpResponse("r").finish().body.find(
                "<EmptyOpResult></EmptyOpResult><ResponseMetadata>"),
            std::string::npos);
  const std::string none = codec::testquery::NoOutputOpResponse("r").finish().body;
  EXPECT_EQ(none.find("Result"), std::string::npos) << none;
  EXPECT_NE(none.find("<ResponseMetadata><RequestId>r</RequestId>"), std::string::npos);
}

// Wrong-typed members do not compile: the argument wrappers refuse other type families.
static_assert(!std::is_convertible_v<int, protocol::Text>);
static_assert(!std::is_convertible_v<bool, protocol::Text>);
static_assert(!std::is_convertible_v<std::string, protocol::Int>);
static_assert(!std::is_convertible_v<bool, protocol::Int>);
static_assert(!std::is_convertible_v<int, protocol::Bool>);
static_assert(!std::is_convertible_v<const char*, protocol::Bool>);
static_assert(!std::is_convertible_v<std::string, protocol::Timestamp>);
static_assert(std::is_convertible_v<const char*, protocol::Text>);
static_assert(std::is_convertible_v<std::size_t, protocol::Int>);

TEST(AwsCodecTimestamp, FormatsAsCoreDoesWithoutAllocating) {
  for (core::TimeMs t : {core::TimeMs{0}, core::TimeMs{1795773600123}, core::TimeMs{951782400999},
                         core::TimeMs{-1}, core::TimeMs{4102444799000}}) {
    char buf[32];
    EXPECT_EQ(std::string(buf, protocol::format_timestamp(buf, t)), core::format_iso8601_ms(t));
  }
}

// ---- The error catalogue ----

TEST(AwsErrors, EachCodeOnceSortedWithAStatus) {
  const auto all = protocol::aws_error_catalogue();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i - 1].code, all[i].code) << all[i].code;
  }
  for (const auto& e : all) {
    EXPECT_TRUE(e.http_status >= 400 && e.http_status < 600) << e.code;
    EXPECT_EQ(protocol::find_aws_error(e.code), &e);
  }
}

TEST(AwsErrors, TemplatesAreFilledInOrderAndCarryTheStatus) {
  const core::ServiceError e = protocol::aws_error("InvalidSubnetID.NotFound", {"subnet-1"});
  EXPECT_EQ(e.code(), "InvalidSubnetID.NotFound");
  EXPECT_EQ(e.message(), "The subnet ID 'subnet-1' does not exist");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(protocol::aws_error("DryRunOperation").http_status(), 412);
  EXPECT_EQ(protocol::aws_error("NotImplemented", {"ec2:CreateVpnGateway"}).message(),
            "cloudlife does not implement ec2:CreateVpnGateway");
  EXPECT_THROW(protocol::aws_error("NoSuchCode"), std::logic_error);
}

}  // namespace
}  // namespace cloudlife
