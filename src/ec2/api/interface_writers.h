// Generated-codec writers (build/generated/codec/ec2_codec.h,
// codegen/ec2/interfaces_volumes_keys.ops) for the items shared by the network interface, Elastic
// IP, volume and key pair actions: a network interface as DescribeNetworkInterfaces and
// CreateNetworkInterface show it, and a resource's tags. Contract: writes only, into a writer the
// caller positioned (an <item> or a response member); reads nothing but its arguments. Element
// order is the order AWS answers in.
#pragma once

#include <string>
#include <vector>

#include "ec2/ec2_partition.h"
#include "ec2/network_interfaces.h"
#include "ec2/tags.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {

// A network interface with what its answer needs from elsewhere in the partition: the names of
// its security groups and its public address (public_ip / allocation_id / association_id; ""
// for none). Built under the engine lock, written after it.
struct EniWireView {
  NetworkInterface eni;
  std::vector<std::string> group_names;
  std::string public_ip;
  std::string allocation_id;
  std::string association_id;
};
EniWireView eni_wire_view(const Ec2Partition& p, const NetworkInterface& eni);

// The members of a NetworkInterface shape.
void write_eni(codec::ec2::NetworkInterfaceWriter& w, const EniWireView& v,
               const std::string& owner, const std::string& region);

// One <item> of a tag set.
inline void write_resource_tag(codec::ec2::TagWriter& w, const Tag& t) {
  w.key(t.key).value(t.value);
}

}  // namespace cloudlife::ec2::api
