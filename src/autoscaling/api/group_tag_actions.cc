// CreateOrUpdateTags, DeleteTags and DescribeTags (the tags of Auto Scaling groups), decoded and
// encoded by the generated codec (codegen/autoscaling/hooks_tags_pools.ops).
#include <algorithm>

#include "autoscaling/api/misc_actions.h"
#include "autoscaling_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribeTags: 50 a page unless MaxRecords (1..100) says otherwise.
constexpr protocol::PageRule kGroupTagPages{protocol::PageStyle::kQuery, "maxRecords", 50, 1, 100,
                                            "InvalidNextToken",          "NextToken"};

// The only resource type Auto Scaling tags.
constexpr std::string_view kGroupResourceType = "auto-scaling-group";

// The decoded tags as the model takes them: (group name, tag). A resource type other than
// auto-scaling-group is refused before anything changes.
std::vector<std::pair<std::string, GroupTag>> group_tags_of(const std::vector<wire::Tag>& tags) {
  std::vector<std::pair<std::string, GroupTag>> out;
  for (const wire::Tag& t : tags) {
    const std::string type = t.resource_type.value_or(std::string(kGroupResourceType));
    if (type != kGroupResourceType) {
      throw protocol::aws_error("ValidationError", {"Invalid resource type: " + type});
    }
    GroupTag tag;
    tag.key = t.key;
    tag.value = t.value.value_or("");
    tag.propagate_at_launch = t.propagate_at_launch.value_or(false);
    out.emplace_back(t.resource_id.value_or(""), tag);
  }
  return out;
}

HttpResponse create_or_update_group_tags(AsgCall& call) {
  const auto req = wire::CreateOrUpdateTagsRequest::decode(call.params);
  const auto tags = group_tags_of(req.tags);
  call.run([&](AsgPartition& part, core::TimeMs) { call.model.create_or_update_tags(part, tags); });
  return wire::CreateOrUpdateTagsResponse(call.ctx.request_id).finish();
}

HttpResponse delete_group_tags(AsgCall& call) {
  const auto req = wire::DeleteTagsRequest::decode(call.params);
  const auto tags = group_tags_of(req.tags);
  call.run([&](AsgPartition& part, core::TimeMs) { call.model.delete_tags(part, tags); });
  return wire::DeleteTagsResponse(call.ctx.request_id).finish();
}

// Whether the tag `t` of group `group` passes every DescribeTags filter (filters AND, values of
// one filter OR). An unknown filter name is refused as AWS refuses it.
bool group_tag_matches(const std::vector<wire::Filter>& filters, const std::string& group,
                       const GroupTag& t) {
  bool ok = true;
  for (const wire::Filter& f : filters) {
    const std::string name = f.name.value_or("");
    auto has = [&](const std::string& v) {
      return std::find(f.values.begin(), f.values.end(), v) != f.values.end();
    };
    if (name == "auto-scaling-group") {
      ok = ok && has(group);
    } else if (name == "key") {
      ok = ok && has(t.key);
    } else if (name == "value") {
      ok = ok && has(t.value);
    } else if (name == "propagate-at-launch") {
      ok = ok && has(t.propagate_at_launch ? "true" : "false");
    } else {
      throw protocol::aws_error(
          "ValidationError", {"Filter type " + name +
                              " is not correct. Allowed Filter types are: auto-scaling-group, key, "
                              "value and propagate-at-launch"});
    }
  }
  return ok;
}

struct GroupTagRow {
  std::string group;
  GroupTag tag;
};

HttpResponse describe_group_tags(AsgCall& call) {
  const auto req = wire::DescribeTagsRequest::decode(call.params);
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<GroupTagRow> out;
    for (const auto& [name, g] : part.groups) {
      for (const GroupTag& t : g.tags) {
        if (group_tag_matches(req.filters, name, t)) out.push_back({name, t});
      }
    }
    return out;
  });
  const protocol::Page page =
      protocol::aws_page(kGroupTagPages, req.max_records, req.next_token, rows.size());
  wire::DescribeTagsResponse out(call.ctx.request_id);
  out.tags([&](wire::TagDescriptionListWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::TagDescriptionWriter& w) {
        w.resource_id(rows[i].group)
            .resource_type(kGroupResourceType)
            .key(rows[i].tag.key)
            .value(rows[i].tag.value)
            .propagate_at_launch(rows[i].tag.propagate_at_launch);
      });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

}  // namespace

void register_group_tag_actions(AsgActionTable& t) {
  t["CreateOrUpdateTags"] = create_or_update_group_tags;
  t["DeleteTags"] = delete_group_tags;
  t["DescribeTags"] = describe_group_tags;
}

}  // namespace cloudlife::autoscaling::api
