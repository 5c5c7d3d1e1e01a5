// An EBS volume as the model keeps it.
// Contract: `state` is creating | available | in-use | deleting; a volume is in-use exactly when it
// has an attachment. Attachment state is attaching | attached | detaching.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/compact_text.h"
#include "core/scheduler.h"
#include "core/symbol.h"
#include "core/time.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct VolumeAttachment {
  core::CompactText instance_id;  // inline (no heap block)
  core::Symbol device;
  core::Symbol state = core::interned<"attached">();
  core::TimeMs attach_time = 0;
  bool delete_on_termination = false;
};

struct Volume {
  core::CompactText volume_id;  // inline (no heap block)
  core::Symbol availability_zone;
  core::Symbol volume_type = core::interned<"gp2">();
  std::optional<int> iops;
  std::optional<int> throughput;
  core::Symbol kms_key_id;  // as given to CreateVolume; empty = the account's default EBS key
  core::Symbol snapshot_id;
  core::Symbol state = core::interned<"available">();
  core::TimeMs create_time = 0;
  std::optional<VolumeAttachment> attachment;
  // Multi-Attach (io1/io2 only): the attachments beyond `attachment`, to other Nitro instances of
  // the zone (16 in all); when `attachment` goes, the first of these takes its place.
  std::vector<VolumeAttachment> more_attachments;
  TagSet tags;
  core::EventId pending_event = 0;  // creating/attaching/detaching/deleting completion
  int size = 8;
  bool multi_attach_enabled = false;  // see more_attachments
  bool encrypted = false;
};

}  // namespace cloudlife::ec2
