"""The response shape check (shape_check.py) catches what the SDKs would silently drop."""
import shape_check

EC2 = shape_check.service_model("ec2", "2016-11-15")
ASG = shape_check.service_model("autoscaling", "2011-01-01")


def _ec2(body):
    return ('<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse '
            'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>'
            f'{body}</DescribeInstancesResponse>').encode()


def test_a_conforming_describe_has_no_violation():
    body = _ec2("<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item>"
                "<instanceId>i-1</instanceId><amiLaunchIndex>0</amiLaunchIndex>"
                "<launchTime>2026-11-21T10:00:00.000Z</launchTime><ebsOptimized>false</ebsOptimized>"
                "<placement><availabilityZone>us-east-1a</availabilityZone>"
                "<availabilityZoneId>use1-az1</availabilityZoneId></placement>"
                "</item></instancesSet></item></reservationSet>")
    assert shape_check.violations_of(EC2, "DescribeInstances", 200, body) == []


def test_a_misspelt_element_a_bad_number_and_a_wrong_list_member_are_violations():
    body = _ec2("<reservationSet><item><reservationID>r-1</reservationID><instancesSet>"
                "<member><instanceId>i-1</instanceId></member><item><amiLaunchIndex>zero"
                "</amiLaunchIndex><ebsOptimized>False</ebsOptimized><launchTime>yesterday"
                "</launchTime></item></instancesSet></item></reservationSet>")
    found = "\n".join(shape_check.violations_of(EC2, "DescribeInstances", 200, body))
    assert "<reservationID> is not a member of Reservation" in found
    assert "list element <member>, the model expects <item>" in found
    assert "'zero' is not a valid integer" in found
    assert "'False' is not a valid boolean" in found
    assert "'yesterday' is not a valid timestamp" in found


def test_query_envelopes_follow_the_model():
    ns = 'xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"'
    meta = "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
    no_output = f"<CreateAutoScalingGroupResponse {ns}>{meta}</CreateAutoScalingGroupResponse>"
    assert shape_check.violations_of(ASG, "CreateAutoScalingGroup", 200, no_output.encode()) == []
    extra = (f"<CreateAutoScalingGroupResponse {ns}><CreateAutoScalingGroupResult/>{meta}"
             "</CreateAutoScalingGroupResponse>")
    assert shape_check.violations_of(ASG, "CreateAutoScalingGroup", 200, extra.encode())
    missing = f"<DescribeAutoScalingGroupsResponse {ns}>{meta}</DescribeAutoScalingGroupsResponse>"
    assert shape_check.violations_of(ASG, "DescribeAutoScalingGroups", 200, missing.encode())


def test_error_envelopes_are_checked():
    good = b"<Response><Errors><Error><Code>X</Code><Message>m</Message></Error></Errors><RequestID>r</RequestID></Response>"
    assert shape_check.violations_of(EC2, "RunInstances", 400, good) == []
    bad = b"<ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>"
    assert shape_check.violations_of(EC2, "RunInstances", 400, bad)
