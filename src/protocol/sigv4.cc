#include "protocol/sigv4.h"

#include <string_view>

#include "protocol/text_fields.h"

namespace cloudlife::protocol {

// Reads views into the header and copies only the members it returns (this runs for every AWS
// request: the decoder takes the access key and region from it).
std::optional<SigV4Authorization> parse_sigv4_authorization(std::string_view header) {
  header = trim_blanks(header);
  const std::size_t space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  if (header.substr(0, space) != "AWS4-HMAC-SHA256") return std::nullopt;
  SigV4Authorization auth;
  auth.algorithm = std::string(header.substr(0, space));
  bool have_credential = false, have_signed = false, have_signature = false;
  for (std::string_view part : split_field_views(header.substr(space + 1), ',')) {
    const std::string_view p = trim_blanks(part);
    const std::size_t eq = p.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = p.substr(0, eq);
    const std::string_view value = p.substr(eq + 1);
    if (name == "Credential") {
      const auto scope = split_field_views(value, '/');
      if (scope.size() != 5) return std::nullopt;
      auth.access_key = scope[0];
      auth.date = scope[1];
      auth.region = scope[2];
      auth.service = scope[3];
      auth.terminator = scope[4];
      have_credential = !auth.access_key.empty();
    } else if (name == "SignedHeaders") {
      auth.signed_headers.clear();
      for (std::string_view h : split_field_views(value, ';')) auth.signed_headers.emplace_back(h);
      have_signed = true;
    } else if (name == "Signature") {
      auth.signature = std::string(value);
      have_signature = true;
    }
  }
  if (!have_credential || !have_signed || !have_signature) return std::nullopt;
  return auth;
}

}  // namespace cloudlife::protocol
