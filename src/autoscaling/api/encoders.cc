// Shared awsQuery encoders: activities and launch template references.
#include "autoscaling/api/asg_call.h"
#include "core/time.h"

namespace cloudlife::autoscaling::api {

void write_activity(protocol::XmlWriter& xml, const Activity& a) {
  xml.leaf("ActivityId", a.id);
  xml.leaf("AutoScalingGroupName", a.group);
  xml.leaf("Description", a.description);
  xml.leaf("Cause", a.cause);
  xml.leaf("StartTime", core::format_iso8601_ms(a.start));
  if (a.end) xml.leaf("EndTime", core::format_iso8601_ms(*a.end));
  xml.leaf("StatusCode", a.status);
  xml.leaf_if("StatusMessage", a.status_message);
  xml.leaf("Progress", a.progress);
  xml.leaf("Details", a.details.empty() ? std::string("{}") : a.details);
  xml.leaf("AutoScalingGroupARN", a.group_arn);
}

void write_activities(protocol::XmlWriter& xml, const std::vector<Activity>& activities) {
  xml.open("Activities");
  for (const Activity& a : activities) {
    xml.open("member");
    write_activity(xml, a);
    xml.close();
  }
  xml.close();
}

void write_template_ref(protocol::XmlWriter& xml, const char* element, const TemplateRef& ref) {
  xml.open(element);
  xml.leaf_if("LaunchTemplateId", ref.id);
  xml.leaf_if("LaunchTemplateName", ref.name);
  xml.leaf_if("Version", ref.version);
  xml.close();
}

}  // namespace cloudlife::autoscaling::api
