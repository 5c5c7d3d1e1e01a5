// EC2 tag actions: CreateTags, DeleteTags, DescribeTags (decoded and encoded by the generated
// codec: codegen/ec2/tags.ops).
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/tag_operations.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;

HttpResponse create_tags(Ec2Call& call) {
  const auto req = codec::ec2::CreateTagsRequest::decode(call.params);
  std::vector<Tag> tags;
  tags.reserve(req.tags.size());
  for (const codec::ec2::Tag& t : req.tags)
    tags.push_back({t.key.value_or(""), t.value.value_or("")});
  const bool dry = req.dry_run.value_or(false);
  call.run(
      [&](Ec2Partition& part, core::TimeMs) { ec2::create_tags(part, req.resources, tags, dry); });
  return codec::ec2::CreateTagsResponse(call.ctx.request_id).finish();
}

HttpResponse delete_tags(Ec2Call& call) {
  const auto req = codec::ec2::DeleteTagsRequest::decode(call.params);
  std::vector<TagKeyValue> tags;
  for (const codec::ec2::Tag& t : req.tags) {
    // A value given (even empty) deletes the tag only when its value is equal.
    tags.push_back(TagKeyValue{t.key.value_or(""), t.value});
  }
  const bool dry = req.dry_run.value_or(false);
  call.run(
      [&](Ec2Partition& part, core::TimeMs) { ec2::delete_tags(part, req.resources, tags, dry); });
  return codec::ec2::DeleteTagsResponse(call.ctx.request_id).finish();
}

HttpResponse describe_tags(Ec2Call& call) {
  const auto wire = codec::ec2::DescribeTagsRequest::decode(call.params);
  DescribeTagsRequest req;
  req.filters = to_filters(wire.filters);
  req.max_results = wire.max_results;
  req.next_token = wire.next_token.value_or("");
  const bool dry = wire.dry_run.value_or(false);
  const DescribeTagsResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    DescribeTagsResult r = ec2::describe_tags(part, req);
    if (dry) throw dry_run_succeeded();
    return r;
  });
  codec::ec2::DescribeTagsResponse out(call.ctx.request_id);
  out.tags(result.tags, [](codec::ec2::TagDescriptionWriter& w, const TagDescription& t) {
    w.resource_id(t.resource_id).resource_type(t.resource_type).key(t.key).value(t.value);
  });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

}  // namespace

void register_tag_actions(Ec2ActionTable& table) {
  table["CreateTags"] = create_tags;
  table["DeleteTags"] = delete_tags;
  table["DescribeTags"] = describe_tags;
}

}  // namespace cloudlife::ec2::api
