// Wire forms (EC2 Query XML) of the network resources: security groups and their rules, network
// interfaces, Elastic IPs, key pairs. Element names follow the EC2 service model.
// Contract: writes only; the caller opens and closes the enclosing "item".
#pragma once

#include <string>

#include "ec2/api/ec2_encode.h"
#include "ec2/ec2_partition.h"
#include "protocol/xml_writer.h"

namespace cloudlife::ec2::api {

std::string security_group_arn(const SecurityGroup& g, const std::string& owner,
                               const std::string& region);
void write_security_group(protocol::XmlWriter& xml, const SecurityGroup& g,
                          const std::string& owner, const std::string& region);
void write_security_group_rule(protocol::XmlWriter& xml, const SecurityGroupRule& rule,
                               const std::string& owner, const std::string& region);

// A network interface as DescribeNetworkInterfaces shows it; `public_ip` / `association_id` /
// `allocation_id` describe its public address ("" for none).
struct InterfaceView {
  NetworkInterface eni;
  std::vector<std::string> group_names;
  std::string public_ip;
  std::string allocation_id;
  std::string association_id;
};
InterfaceView view_of(const Ec2Partition& p, const NetworkInterface& eni);
void write_network_interface(protocol::XmlWriter& xml, const InterfaceView& v,
                             const std::string& owner, const std::string& region);

}  // namespace cloudlife::ec2::api
