#include "protocol/aws_query_envelope.h"

#include <string>

#include "protocol/aws_operations.h"

namespace cloudlife::protocol {
namespace {

constexpr std::string_view kXmlContentType = "text/xml;charset=UTF-8";

HttpResponse make(int status, std::string body, std::string_view request_id) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::string(kXmlContentType);
  r.body = std::move(body);
  r.headers.emplace_back("x-amzn-RequestId", std::string(request_id));
  return r;
}

}  // namespace

XmlWriter begin_ec2_response(std::string_view action, std::string_view request_id) {
  XmlWriter xml;
  xml.open_with_xmlns(std::string(action) + "Response", kEc2Namespace);
  xml.leaf("requestId", request_id);
  return xml;
}

HttpResponse finish_ec2_response(XmlWriter& xml, std::string_view request_id) {
  xml.close();
  return make(200, xml.take(), request_id);
}

HttpResponse ec2_error_response(int status, std::string_view code, std::string_view message,
                                std::string_view request_id) {
  XmlWriter xml;
  xml.open("Response").open("Errors").open("Error");
  xml.leaf("Code", code).leaf("Message", message);
  xml.close().close();
  xml.leaf("RequestID", request_id);
  xml.close();
  HttpResponse r = make(status, xml.take(), request_id);
  r.error_code = std::string(code);
  return r;
}

XmlWriter begin_aws_query_response(std::string_view action, std::string_view xmlns) {
  XmlWriter xml;
  xml.open_with_xmlns(std::string(action) + "Response", xmlns);
  xml.open(std::string(action) + "Result");
  return xml;
}

HttpResponse finish_aws_query_response(XmlWriter& xml, std::string_view request_id) {
  xml.close();  // Result
  xml.open("ResponseMetadata").leaf("RequestId", request_id).close();
  xml.close();  // Response
  return make(200, xml.take(), request_id);
}

XmlWriter begin_aws_query_response(std::string_view action, std::string_view result_wrapper,
                                   std::string_view xmlns) {
  XmlWriter xml;
  xml.open_with_xmlns(std::string(action) + "Response", xmlns);
  if (!result_wrapper.empty()) xml.open(result_wrapper);
  return xml;
}

HttpResponse finish_aws_query_response(XmlWriter& xml, std::string_view request_id,
                                       bool has_result) {
  if (has_result) xml.close();  // Result
  xml.open("ResponseMetadata").leaf("RequestId", request_id).close();
  xml.close();  // Response
  return make(200, xml.take(), request_id);
}

HttpResponse aws_query_response_without_members(std::string_view cloud, std::string_view action,
                                                std::string_view xmlns,
                                                std::string_view request_id) {
  AwsService service{};
  const AwsOperation* op =
      aws_service_named(cloud, service) ? find_aws_operation(service, action) : nullptr;
  if (op && op->has_output) {
    XmlWriter xml = begin_aws_query_response(action, xmlns);
    return finish_aws_query_response(xml, request_id);
  }
  XmlWriter xml;
  xml.open_with_xmlns(std::string(action) + "Response", xmlns);
  xml.open("ResponseMetadata").leaf("RequestId", request_id).close();
  xml.close();
  return make(200, xml.take(), request_id);
}

HttpResponse aws_query_error_response(int status, std::string_view code, std::string_view message,
                                      std::string_view request_id, std::string_view xmlns) {
  XmlWriter xml;
  // Real Auto Scaling writes the error namespace with https (docs/wire.md "AWS response
  // envelopes").
  const std::string error_ns = xmlns.substr(0, 7) == "http://"
                                   ? "https://" + std::string(xmlns.substr(7))
                                   : std::string(xmlns);
  xml.open_with_xmlns("ErrorResponse", error_ns).open("Error");
  xml.leaf("Type", status >= 500 ? "Receiver" : "Sender");
  xml.leaf("Code", code).leaf("Message", message);
  xml.close();
  xml.leaf("RequestId", request_id);
  xml.close();
  HttpResponse r = make(status, xml.take(), request_id);
  r.error_code = std::string(code);
  return r;
}

}  // namespace cloudlife::protocol
