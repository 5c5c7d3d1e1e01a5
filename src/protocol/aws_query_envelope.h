// Response envelopes of the two AWS Query protocols (docs/wire.md "AWS response envelopes").
// Contract: ec2_* produce <OpResponse xmlns=EC2><requestId/>…</OpResponse> and the EC2 error
// document <Response><Errors><Error>…</Error></Errors><RequestID/></Response>; aws_query_* produce
// <OpResponse><OpResult>…</OpResult><ResponseMetadata/></OpResponse> and <ErrorResponse> with Type.
// Every response carries the x-amzn-RequestId header (JS SDK v3 reads the id only from there).
#pragma once

#include <string>
#include <string_view>

#include "protocol/http_message.h"
#include "protocol/xml_writer.h"

namespace cloudlife::protocol {

inline constexpr std::string_view kEc2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
inline constexpr std::string_view kAutoScalingNamespace =
    "http://autoscaling.amazonaws.com/doc/2011-01-01/";

// Starts <{action}Response xmlns=…><requestId>id</requestId>; the caller writes members and then
// calls finish_ec2_response().
XmlWriter begin_ec2_response(std::string_view action, std::string_view request_id);
HttpResponse finish_ec2_response(XmlWriter& xml, std::string_view request_id);

HttpResponse ec2_error_response(int status, std::string_view code, std::string_view message,
                                std::string_view request_id);

// awsQuery (Auto Scaling, ELB): <OpResponse><OpResult> is opened by begin; finish closes both and
// appends ResponseMetadata.
XmlWriter begin_aws_query_response(std::string_view action, std::string_view xmlns);
HttpResponse finish_aws_query_response(XmlWriter& xml, std::string_view request_id);
// The generated responses' form: `result_wrapper` is the model's resultWrapper ("" when the
// operation has no output: then no <OpResult> is written), and finish closes what begin opened.
XmlWriter begin_aws_query_response(std::string_view action, std::string_view result_wrapper,
                                   std::string_view xmlns);
HttpResponse finish_aws_query_response(XmlWriter& xml, std::string_view request_id,
                                       bool has_result);

// An awsQuery answer with no members: <OpResponse><OpResult/><ResponseMetadata/>, without the
// <OpResult/> when the service model gives the operation no output (as AWS answers
// CreateAutoScalingGroup).
HttpResponse aws_query_response_without_members(std::string_view cloud, std::string_view action,
                                                std::string_view xmlns,
                                                std::string_view request_id);

HttpResponse aws_query_error_response(int status, std::string_view code, std::string_view message,
                                      std::string_view request_id, std::string_view xmlns);

}  // namespace cloudlife::protocol
