// Launch parameters between the generated EC2 codec (codegen/ec2/templates_spot_fleets.ops) and
// the model's LaunchSpec: the one place that decodes launch template data
// (RequestLaunchTemplateData) and a Spot request's LaunchSpecification
// (RequestSpotLaunchSpecification), and that writes a LaunchSpec as ResponseLaunchTemplateData.
// Contract: pure functions of the decoded request. What cloudlife has no model for is refused with
// Unsupported (400) "… cloudlife does not implement the parameter NAME." (docs/supported.md,
// "Parameters refused rather than ignored"); a network interface other than one at device index 0
// is Unsupported; the addressing combinations are refused as RunInstances refuses them
// (ec2/launch_addressing.h). Nothing here consults state.
#pragma once

#include <string_view>

#include "ec2/launch_spec.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {

// `scope` is the wire prefix of the structure ("LaunchTemplateData.", "LaunchSpecification."),
// used to name a refused parameter.
LaunchSpec launch_spec_of(const codec::ec2::RequestLaunchTemplateData& data,
                          std::string_view scope);
LaunchSpec launch_spec_of(const codec::ec2::RequestSpotLaunchSpecification& spec,
                          std::string_view scope);

// Unsupported "The requested configuration is currently not supported: cloudlife does not
// implement the parameter NAME."
[[noreturn]] void refuse_unimplemented_parameter(std::string_view name);

// The old-style wording of a timestamp or decimal that does not parse, kept by the Spot and Fleet
// actions: InvalidParameterValue "Value (TEXT) for parameter NAME is invalid." (NAME: the last
// part of the wire name, "ValidFrom", "Priority"). Other ParamErrors are rethrown as they are.
[[noreturn]] void throw_as_parameter_value_error(const protocol::ParamError& e);

// <launchTemplateData> content (GetLaunchTemplateData, DescribeLaunchTemplateVersions …).
void write_launch_template_data(codec::ec2::ResponseLaunchTemplateDataWriter& w,
                                const LaunchSpec& d);

}  // namespace cloudlife::ec2::api
