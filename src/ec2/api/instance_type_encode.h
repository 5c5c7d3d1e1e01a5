// DescribeInstanceTypes' items from the instance-type catalogue (ec2/instance_types.h), written
// with the generated codec's typed writers (codegen/ec2/settings_types.ops).
// Contract: the catalogue keeps each item as the element names of a recorded EC2 answer; every
// member of the service model's InstanceTypeInfo tree present in an item is written by its typed
// writer, in the model's order, and nothing else (tests/unit/instance_type_encode_test.cc checks
// that every element of every catalogue item is written). supportedInRegion is the region's
// answer, not the catalogue's.
// Usage:
//   out.instance_types(result.types, write_instance_type_info);
#pragma once

#include "ec2/instance_type_queries.h"
#include "ec2_codec.h"  // generated from codegen/ec2/settings_types.ops

namespace cloudlife::ec2::api {

void write_instance_type_info(codec::ec2::InstanceTypeInfoWriter& w, const InstanceTypeView& view);

}  // namespace cloudlife::ec2::api
