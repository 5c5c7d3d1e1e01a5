#include "ec2/cidr_text.h"

#include <regex>

namespace cloudlife::ec2 {

bool valid_ipv4_cidr(const std::string& cidr) {
  static const std::regex pattern(R"(^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2})$)");
  std::smatch m;
  if (!std::regex_match(cidr, m, pattern)) return false;
  for (int i = 1; i <= 4; ++i) {
    if (std::stoi(m[i].str()) > 255) return false;
  }
  return std::stoi(m[5].str()) <= 32;
}

bool valid_ipv6_cidr(const std::string& cidr) {
  static const std::regex pattern(R"(^[0-9a-fA-F:]*:[0-9a-fA-F:]*/(\d{1,3})$)");
  std::smatch m;
  return std::regex_match(cidr, m, pattern) && std::stoi(m[1].str()) <= 128;
}

}  // namespace cloudlife::ec2
