// RunInstances' decoded request (the generated codec's codec::ec2::RunInstancesRequest) as the
// model's launch parameters, with the checks the old hand-written decoder made: one network
// interface at device index 0, instance-level addressing not beside NetworkInterface.N, only the
// primary private address, settings of an existing interface refused.
// Contract: pure functions of the decoded request; they throw the cloud's errors and never consult
// state. Parameters cloudlife does not implement are refused by the caller before decoding.
#pragma once

#include "ec2/launch_spec.h"
#include "ec2_codec.h"  // generated from codegen/ec2/instances.ops

namespace cloudlife::ec2::api {

LaunchSpec run_instances_launch_spec(const codec::ec2::RunInstancesRequest& req);

}  // namespace cloudlife::ec2::api
