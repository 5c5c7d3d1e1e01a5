#include "ec2/instance_settings.h"

#include "core/service_error.h"
#include "ec2/instance_types.h"
#include "ec2/key_pairs.h"
#include "ec2/windows_password.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;

Instance& require_live(Ec2Model& model, Ec2Partition& p, const std::string& id) {
  Instance& inst = *model.require_instances(p, {id}).front();
  if (inst.lifecycle.state() == InstanceState::kTerminated) {
    throw core::ServiceError(
        "IncorrectInstanceState",
        "The instance '" + id + "' is not in a valid state for this operation.");
  }
  return inst;
}

MetadataOptionsSpec as_spec(const InstanceMetadataOptions& m) {
  MetadataOptionsSpec s;
  s.http_tokens = m.http_tokens;
  s.http_put_response_hop_limit = m.http_put_response_hop_limit;
  s.http_endpoint = m.http_endpoint;
  s.http_protocol_ipv6 = m.http_protocol_ipv6;
  s.instance_metadata_tags = m.instance_metadata_tags;
  return s;
}

// "[   12.345678] text" lines of a kernel log, `offset` seconds after the boot.
std::string kernel_line(double offset, const std::string& text) {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "[%12.6f] ", offset);
  return stamp + text + "\n";
}

std::string boot_log(const Instance& i) {
  const bool windows = i.platform == "windows";
  const std::string booted = core::format_iso8601_ms(i.booted_at);
  if (windows) {
    return booted + " EC2LaunchV2: Windows is Ready to use\n" + booted + " EC2LaunchV2: Instance " +
           i.instance_id.str() + " (" + i.instance_type + ", " + i.availability_zone +
           ") finished its launch tasks.\n";
  }
  std::string out;
  out += kernel_line(0.0, "Linux version 6.1 (" + i.architecture + ") #1 SMP");
  out += kernel_line(
      0.0, "Command line: BOOT_IMAGE=/boot/vmlinuz root=" + i.root_device_name + " console=ttyS0");
  out += kernel_line(0.41, "DMI: Amazon EC2 " + i.instance_type + "/, BIOS 1.0");
  out += kernel_line(2.87, "EXT4-fs (" + i.root_device_name.substr(5) + "): mounted filesystem");
  out += "Cloud-init v. 22.2.2 running 'init' at " + booted + ". Up 4.10 seconds.\n";
  out += "ci-info: ++++++++++++++++++++++++Net device info+++++++++++++++++++++++++\n";
  out += "ci-info: | eth0 | True | " + i.private_ip + " | " + i.mac_address.str() + " |\n";
  out += "Cloud-init v. 22.2.2 finished at " + booted +
         ". Datasource DataSourceEc2.  Up 9.52 "
         "seconds\n";
  return out;
}

// What a booted Linux instance's serial console shows once boot finished (the latest output only).
std::string login_prompt(const Instance& i) {
  std::string host = "ip-" + i.private_ip;
  for (char& c : host) {
    if (c == '.') c = '-';
  }
  return "\n" + host + " login: \n";
}

// Nitro types (the catalogue's hypervisor "nitro", and bare metal, which has none) serve the
// latest console output; Xen types (t2, m4, c4, r4, i3 …) only the buffered one.
bool type_offers_latest_console(const std::string& type) {
  const InstanceTypeInfo* info = find_instance_type(type);
  if (!info) return true;  // a type outside the catalogue: as current (Nitro) types
  return info->hypervisor != "xen";
}

}  // namespace

const Instance& modify_instance_metadata_options(Ec2Model& model, Ec2Partition& p,
                                                 const std::string& instance_id,
                                                 const MetadataOptionsSpec& change, bool dry_run,
                                                 core::TimeMs now) {
  Instance& inst = require_live(model, p, instance_id);
  validate_metadata_options(change);
  if (dry_run) throw dry_run_succeeded();
  inst.metadata = resolve_metadata_options(change.merged_over(as_spec(inst.metadata)));
  inst.metadata_change_pending = true;
  model.engine().scheduler().schedule(
      now + model.engine().timing().duration("metadata-options-applying"),
      core::TimedEvent{model.metadata_options_applied_kind(), p.key, instance_id, {}});
  return inst;
}

// "ec2.metadata-options-applied" (subject: the instance): EC2 applied the new options.
void Ec2Model::on_metadata_options_applied(const core::EngineLock& held,
                                           const core::TimedEvent& event) {
  Ec2Partition* part = partitions_.find(held, event.part);
  if (!part) return;
  if (Instance* i = part->find_instance(event.subject)) i->metadata_change_pending = false;
}

ConsoleOutput console_output(Ec2Model& model, Ec2Partition& p, const std::string& instance_id,
                             bool latest, core::TimeMs now, bool dry_run) {
  const Instance& inst = *model.require_instances(p, {instance_id}).front();
  if (latest && !type_offers_latest_console(inst.instance_type)) {
    throw core::ServiceError("UnsupportedOperation",
                             "The latest console output is available only for instances built on "
                             "the Nitro System; instance type " +
                                 inst.instance_type + " is not.");
  }
  if (dry_run) throw dry_run_succeeded();
  ConsoleOutput out;
  out.instance_id = inst.instance_id;
  if (inst.booted_at == 0) return out;  // never booted yet: EC2 has no output
  out.text = boot_log(inst);
  out.timestamp = inst.booted_at;
  const InstanceState s = inst.lifecycle.state();
  if (s != InstanceState::kRunning && s != InstanceState::kPending) {
    const std::string at = core::format_iso8601_ms(inst.lifecycle.since());
    out.text += at + " systemd[1]: Reached target System Power Off.\n";
    out.text += at + " reboot: Power down\n";
    out.timestamp = inst.lifecycle.since();
  }
  if (latest) {
    if (s == InstanceState::kRunning && inst.platform != "windows") out.text += login_prompt(inst);
    out.timestamp = now;
  }
  return out;
}

PasswordData password_data(Ec2Model& model, Ec2Partition& p, const std::string& instance_id,
                           core::TimeMs now, bool dry_run) {
  const Instance& inst = *model.require_instances(p, {instance_id}).front();
  if (dry_run) throw dry_run_succeeded();
  PasswordData out;
  out.instance_id = inst.instance_id;
  out.timestamp = inst.booted_at ? inst.booted_at : inst.launch_time;
  if (inst.extras().password_ready_at == 0 || now < inst.extras().password_ready_at) return out;
  const KeyPair* key = find_key_pair_by_name(p, inst.key_name);
  if (key == nullptr || key->key_type != "rsa") return out;
  out.data = windows_password_data(inst.instance_id.str(), key->public_key);
  out.timestamp = inst.extras().password_ready_at;
  return out;
}

}  // namespace cloudlife::ec2
