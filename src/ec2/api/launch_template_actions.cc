// Launch template actions: CreateLaunchTemplate, CreateLaunchTemplateVersion,
// ModifyLaunchTemplate, DescribeLaunchTemplates, DescribeLaunchTemplateVersions,
// DeleteLaunchTemplate, DeleteLaunchTemplateVersions, GetLaunchTemplateData. Decoded and encoded
// by the generated codec (codegen/ec2/templates_spot_fleets.ops); the template data goes through
// launch_template_data.h. ModifyLaunchTemplate also takes the SDK member name `DefaultVersion` as
// a legacy spelling of the wire's `SetDefaultVersion`.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/launch_template_data.h"
#include "ec2/launch_template_operations.h"
#include "ec2/launch_template_warnings.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

constexpr std::string_view kLaunchTemplateDataScope = "LaunchTemplateData.";

std::string lt_created_by(const Ec2Call& call) {
  return "arn:aws:iam::" + call.ctx.account + ":root";
}

// A canonical text of the request's parameters but its ClientToken and DryRun: what a retry with
// the same token must repeat (IdempotentParameterMismatch otherwise).
std::string lt_request_fingerprint(const protocol::QueryParams& params) {
  std::string out;
  for (const auto& [k, v] : params.entries()) {
    if (k == "ClientToken" || k == "DryRun") continue;
    out.append(k).append("=").append(v).append("\n");
  }
  return out;
}

template <class Req>
TemplateSelector lt_selector_of(const Req& req) {
  return TemplateSelector{req.launch_template_id.value_or(""),
                          req.launch_template_name.value_or("")};
}

void write_lt_summary(wire::LaunchTemplateWriter& w, const LaunchTemplate& lt) {
  w.launch_template_id(lt.id)
      .launch_template_name(lt.name)
      .create_time(lt.create_time)
      .created_by(lt.created_by)
      .default_version_number(lt.default_version)
      .latest_version_number(lt.latest_version);
  if (!lt.tags.empty()) {
    w.tags(lt.tags.items(),
           [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  }
}

void write_lt_version(wire::LaunchTemplateVersionWriter& w, const LaunchTemplateVersionView& v) {
  w.launch_template_id(v.template_id)
      .launch_template_name(v.template_name)
      .version_number(v.version.number);
  if (!v.version.description.empty()) w.version_description(v.version.description);
  w.create_time(v.version.create_time)
      .created_by(v.version.created_by)
      .default_version(v.is_default);
  w.launch_template_data([&](wire::ResponseLaunchTemplateDataWriter& d) {
    write_launch_template_data(d, v.version.data);
  });
}

// ValidationWarning: what the stored data would be refused for at launch (nothing when clean).
template <class Out>
void write_lt_warning(Out& out, const LaunchSpec& data) {
  const std::vector<ValidationIssue> issues = launch_template_warnings(data);
  if (issues.empty()) return;
  out.warning([&](wire::ValidationWarningWriter& w) {
    w.errors(issues, [](wire::ValidationErrorWriter& e, const ValidationIssue& i) {
      e.code(i.code).message(i.message);
    });
  });
}

// ResolveAlias true asks for the AMI a "resolve:ssm:NAME" ImageId stands for. cloudlife has no
// Systems Manager parameters, so an alias cannot be resolved: refused (Unsupported) rather than
// answered with the alias; data without an alias has nothing to resolve.
void refuse_unresolvable_alias(bool resolve_alias, const LaunchSpec& data) {
  if (resolve_alias && data.image_id && data.image_id->rfind("resolve:ssm:", 0) == 0) {
    refuse_unimplemented_parameter("ResolveAlias");
  }
}

// What CreateLaunchTemplate and CreateLaunchTemplateVersion both carry: the version's data and
// description, and the call's idempotency and DryRun parameters.
template <class Model, class Wire>
void lt_version_request(const Ec2Call& call, const Wire& req, Model& out) {
  out.version_description = req.version_description.value_or("");
  out.has_data = true;  // LaunchTemplateData is required: the decoder refuses a request without
  out.data = launch_spec_of(req.launch_template_data, kLaunchTemplateDataScope);
  out.client_token = req.client_token.value_or("");
  out.fingerprint = lt_request_fingerprint(call.params);
  out.created_by = lt_created_by(call);
  out.dry_run = req.dry_run.value_or(false);
}

HttpResponse create_launch_template(Ec2Call& call) {
  const auto req = wire::CreateLaunchTemplateRequest::decode(call.params);
  if (req.operator_) refuse_unimplemented_parameter("Operator");
  CreateLaunchTemplateRequest r;
  r.name = req.launch_template_name;
  lt_version_request(call, req, r);
  r.tag_specifications = to_tag_specifications(req.tag_specifications);
  const LaunchTemplate lt = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::create_launch_template(part, r, now);
  });
  call.ctx.created_ids.push_back(lt.id);
  wire::CreateLaunchTemplateResponse out(call.ctx.request_id);
  out.launch_template([&](wire::LaunchTemplateWriter& w) { write_lt_summary(w, lt); });
  write_lt_warning(out, r.data);
  return out.finish();
}

HttpResponse create_launch_template_version(Ec2Call& call) {
  const auto req = wire::CreateLaunchTemplateVersionRequest::decode(call.params);
  CreateLaunchTemplateVersionRequest r;
  r.selector = lt_selector_of(req);
  r.source_version = req.source_version.value_or("");
  lt_version_request(call, req, r);
  refuse_unresolvable_alias(req.resolve_alias.value_or(false), r.data);
  const LaunchTemplateVersionView v = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::create_launch_template_version(part, r, now);
  });
  wire::CreateLaunchTemplateVersionResponse out(call.ctx.request_id);
  out.launch_template_version(
      [&](wire::LaunchTemplateVersionWriter& w) { write_lt_version(w, v); });
  write_lt_warning(out, v.version.data);
  return out.finish();
}

HttpResponse modify_launch_template(Ec2Call& call) {
  const auto req = wire::ModifyLaunchTemplateRequest::decode(call.params);
  const TemplateSelector selector = lt_selector_of(req);
  // The wire name is SetDefaultVersion; the SDK member name DefaultVersion is accepted too
  // (a legacy spelling older clients of cloudlife send).
  std::optional<std::string> default_version = req.default_version;
  if (!default_version) default_version = call.params.str("DefaultVersion");
  const bool dry = req.dry_run.value_or(false);
  const LaunchTemplate lt = call.run([&](Ec2Partition& part, core::TimeMs) {
    return ec2::modify_launch_template(part, selector, default_version, dry);
  });
  wire::ModifyLaunchTemplateResponse out(call.ctx.request_id);
  out.launch_template([&](wire::LaunchTemplateWriter& w) { write_lt_summary(w, lt); });
  return out.finish();
}

HttpResponse delete_launch_template(Ec2Call& call) {
  const auto req = wire::DeleteLaunchTemplateRequest::decode(call.params);
  const TemplateSelector selector = lt_selector_of(req);
  const bool dry = req.dry_run.value_or(false);
  const LaunchTemplate lt = call.run([&](Ec2Partition& part, core::TimeMs) {
    return ec2::delete_launch_template(part, selector, dry);
  });
  wire::DeleteLaunchTemplateResponse out(call.ctx.request_id);
  out.launch_template([&](wire::LaunchTemplateWriter& w) { write_lt_summary(w, lt); });
  return out.finish();
}

// A version as asked, when it is a number (only those are answered in versionNumber).
std::optional<long long> lt_version_number(const std::string& text) {
  long long n = 0;
  const char* end = text.data() + text.size();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return n;
}

HttpResponse delete_launch_template_versions(Ec2Call& call) {
  const auto req = wire::DeleteLaunchTemplateVersionsRequest::decode(call.params);
  const TemplateSelector selector = lt_selector_of(req);
  const bool dry = req.dry_run.value_or(false);
  const std::vector<DeleteVersionOutcome> outcomes =
      call.run([&](Ec2Partition& part, core::TimeMs) {
        return ec2::delete_launch_template_versions(part, selector, req.versions, dry);
      });
  wire::DeleteLaunchTemplateVersionsResponse out(call.ctx.request_id);
  out.successfully_deleted_launch_template_versions(
      [&](wire::DeleteLaunchTemplateVersionsResponseSuccessSetWriter& set) {
        for (const DeleteVersionOutcome& o : outcomes) {
          if (!o.error_code.empty()) continue;
          set.item([&](wire::DeleteLaunchTemplateVersionsResponseSuccessItemWriter& w) {
            w.launch_template_id(o.template_id).launch_template_name(o.template_name);
            if (const auto n = lt_version_number(o.version)) w.version_number(*n);
          });
        }
      });
  out.unsuccessfully_deleted_launch_template_versions(
      [&](wire::DeleteLaunchTemplateVersionsResponseErrorSetWriter& set) {
        for (const DeleteVersionOutcome& o : outcomes) {
          if (o.error_code.empty()) continue;
          set.item([&](wire::DeleteLaunchTemplateVersionsResponseErrorItemWriter& w) {
            w.launch_template_id(o.template_id).launch_template_name(o.template_name);
            if (const auto n = lt_version_number(o.version)) w.version_number(*n);
            w.response_error([&](wire::ResponseErrorWriter& e) {
              e.code(o.error_code).message(o.error_message);
            });
          });
        }
      });
  return out.finish();
}

HttpResponse describe_launch_templates(Ec2Call& call) {
  const auto req = wire::DescribeLaunchTemplatesRequest::decode(call.params);
  if (req.include_managed_resources.value_or(false)) {
    refuse_unimplemented(call.params, {"IncludeManagedResources"});
  }
  DescribeLaunchTemplatesRequest r;
  r.ids = req.launch_template_ids;
  r.names = req.launch_template_names;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  const bool dry = req.dry_run.value_or(false);
  const DescribeLaunchTemplatesResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    DescribeLaunchTemplatesResult found = ec2::describe_launch_templates(part, r);
    if (dry) throw dry_run_succeeded();
    return found;
  });
  wire::DescribeLaunchTemplatesResponse out(call.ctx.request_id);
  out.launch_templates(result.templates, write_lt_summary);
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse describe_launch_template_versions(Ec2Call& call) {
  const auto req = wire::DescribeLaunchTemplateVersionsRequest::decode(call.params);
  if (req.include_managed_resources.value_or(false)) {
    refuse_unimplemented(call.params, {"IncludeManagedResources"});
  }
  DescribeLaunchTemplateVersionsRequest r;
  r.selector = lt_selector_of(req);
  r.versions = req.versions;
  r.min_version = req.min_version.value_or("");
  r.max_version = req.max_version.value_or("");
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  const bool dry = req.dry_run.value_or(false);
  const DescribeLaunchTemplateVersionsResult result =
      call.run([&](Ec2Partition& part, core::TimeMs) {
        DescribeLaunchTemplateVersionsResult found =
            ec2::describe_launch_template_versions(part, r);
        if (dry) throw dry_run_succeeded();
        return found;
      });
  for (const LaunchTemplateVersionView& v : result.versions) {
    refuse_unresolvable_alias(req.resolve_alias.value_or(false), v.version.data);
  }
  wire::DescribeLaunchTemplateVersionsResponse out(call.ctx.request_id);
  out.launch_template_versions(result.versions, write_lt_version);
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

// GetLaunchTemplateData: the launch parameters an existing instance would need.
HttpResponse get_launch_template_data(Ec2Call& call) {
  const auto req = wire::GetLaunchTemplateDataRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  const LaunchSpec data = call.run([&](Ec2Partition& part, core::TimeMs) {
    const Instance& inst = *call.model.require_instances(part, {req.instance_id}).front();
    if (dry) throw dry_run_succeeded();
    return launch_data_of(part, inst);
  });
  wire::GetLaunchTemplateDataResponse out(call.ctx.request_id);
  out.launch_template_data(
      [&](wire::ResponseLaunchTemplateDataWriter& w) { write_launch_template_data(w, data); });
  return out.finish();
}

}  // namespace

void register_launch_template_actions(Ec2ActionTable& table) {
  table["GetLaunchTemplateData"] = get_launch_template_data;
  table["CreateLaunchTemplate"] = create_launch_template;
  table["CreateLaunchTemplateVersion"] = create_launch_template_version;
  table["ModifyLaunchTemplate"] = modify_launch_template;
  table["DeleteLaunchTemplate"] = delete_launch_template;
  table["DeleteLaunchTemplateVersions"] = delete_launch_template_versions;
  table["DescribeLaunchTemplates"] = describe_launch_templates;
  table["DescribeLaunchTemplateVersions"] = describe_launch_template_versions;
}

}  // namespace cloudlife::ec2::api
