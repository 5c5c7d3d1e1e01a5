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
// By default the buffered output EC2 posts shortly after the instance's last transition (boot,
// stop): stamped with that transition. `latest` (GetConsoleOutput Latest) reads the serial console
// as it is at `now` instead: a running Linux instance has since printed its login prompt, and the
// output is stamped `now`. As AWS documents, only instance types on the Nitro hypervisor offer
// the latest output: a Xen type answers UnsupportedOperation.
ConsoleOutput console_output(Ec2Model& model, Ec2Partition& p, const std::string& instance_id,
                             bool latest, core::TimeMs now, bool dry_run);

struct PasswordData {
  std::string instance_id;
  core::TimeMs timestamp = 0;
  std::string data;  // base64 ciphertext; "" while there is no password to give
};

// GetPasswordData. A Windows instance launched with an RSA key pair has its Administrator password
// set on its first boot, once its status checks pass (Instance::password_ready_at); from then on
// the answer is that password encrypted under the key pair's public key, stamped with that time.
// Before it, and for Linux instances, Windows ones without a key pair, with an ED25519 key (which
// Windows does not take) or whose key pair has since been deleted, the password data is empty,
// stamped with the last boot (or the launch), as EC2 answers while there is no password.
PasswordData password_data(Ec2Model& model, Ec2Partition& p, const std::string& instance_id,
                           core::TimeMs now, bool dry_run);

}  // namespace cloudlife::ec2
