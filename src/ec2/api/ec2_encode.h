// XML encoders for EC2 shapes shared by several actions (element names from the botocore model,
// docs/wire.md "EC2 XML conventions": camelCase, lists as <xxxSet><item>).
// Contract: pure functions of the snapshot they are given; `high_byte` is ORed into state codes
// (0 unless a fault asks for it; clients must mask it).
#pragma once

#include <string>
#include <vector>

#include "ec2/ec2_model.h"
#include "protocol/xml_writer.h"

namespace cloudlife::ec2::api {

void write_tag_set(protocol::XmlWriter& xml, const TagSet& tags);
void write_state(protocol::XmlWriter& xml, const char* element, core::InstanceState state,
                 int high_byte = 0);
void write_state_changes(protocol::XmlWriter& xml, const std::vector<StateChange>& changes,
                         int high_byte = 0);
void write_instance(protocol::XmlWriter& xml, const Instance& instance, const std::string& region,
                    int high_byte = 0);
void write_reservation(protocol::XmlWriter& xml, const ReservationView& view,
                       const std::string& region, int high_byte = 0);
// DescribeInstances' <reservationSet>, written straight from the model under the engine lock
// (REQUIRES: that lock); the output buffer is sized once for the whole answer.
void write_reservation_set(protocol::XmlWriter& xml, const InstanceSelection& selection,
                           const std::string& region, int high_byte = 0);

}  // namespace cloudlife::ec2::api
