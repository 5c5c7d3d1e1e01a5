// Per-instance settings changed after launch, and what an instance reports about itself:
// ModifyInstanceMetadataOptions (the new options show state "pending" until EC2 applies them, after
// the "metadata-options-applying" timing phase), GetConsoleOutput and GetPasswordData.
// Contract: every function throws before changing anything (InvalidInstanceID.*,
// IncorrectInstanceState for a terminated instance, the options' InvalidParameterValue).
// REQUIRES: the engine lock.
#pragma once

#include <string>

#include "ec2/ec2_model.h"

namespace cloudlife::ec2 {

const Instance& modify_instance_metadata_options(Ec2Model& model, Ec2Partition& p,
                                                 const std::string& instance_id,
                                                 const MetadataOptionsSpec& change, bool dry_run,
                                                 core::TimeMs now);

struct ConsoleOutput {
  std::string instance_id;
  core::TimeMs timestamp = 0;
  std::string text;  // plain text ("" until the instance first booted)
};

// The serial console log of the instance's boots and shutdowns, written from its history.
ConsoleOutput console_output(Ec2Model& model, Ec2Partition& p, const std::string& instance_id,
                             bool dry_run);

}  // namespace cloudlife::ec2
