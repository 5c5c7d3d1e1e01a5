// EC2 tag actions: CreateTags, DeleteTags, DescribeTags.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/tag_operations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
using protocol::XmlWriter;

HttpResponse return_true(Ec2Call& call) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse create_tags(Ec2Call& call) {
  const std::vector<std::string> ids = call.params.list("ResourceId");
  const std::vector<Tag> tags = decode_tags(call.params, "Tag");
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs) { ec2::create_tags(part, ids, tags, dry); });
  return return_true(call);
}

HttpResponse delete_tags(Ec2Call& call) {
  const std::vector<std::string> ids = call.params.list("ResourceId");
  std::vector<TagKeyValue> tags;
  for (const protocol::QueryParams& t : call.params.structs("Tag")) {
    TagKeyValue kv;
    kv.key = t.str_or("Key", "");
    // A value given (even empty) deletes the tag only when its value is equal.
    kv.value = t.str("Value");
    tags.push_back(std::move(kv));
  }
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs) { ec2::delete_tags(part, ids, tags, dry); });
  return return_true(call);
}

HttpResponse describe_tags(Ec2Call& call) {
  DescribeTagsRequest req;
  req.filters = decode_filters(call.params);
  req.max_results = call.params.integer("MaxResults");
  req.next_token = call.params.str_or("NextToken", "");
  const bool dry = dry_run(call.params);
  const DescribeTagsResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    DescribeTagsResult r = ec2::describe_tags(part, req);
    if (dry) throw dry_run_succeeded();
    return r;
  });
  XmlWriter xml = protocol::begin_ec2_response("DescribeTags", call.ctx.request_id);
  xml.open("tagSet");
  for (const TagDescription& t : result.tags) {
    xml.open("item");
    xml.leaf("resourceId", t.resource_id);
    xml.leaf("resourceType", t.resource_type);
    xml.leaf("key", t.key);
    xml.leaf("value", t.value);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_tag_actions(Ec2ActionTable& table) {
  table["CreateTags"] = create_tags;
  table["DeleteTags"] = delete_tags;
  table["DescribeTags"] = describe_tags;
}

}  // namespace cloudlife::ec2::api
