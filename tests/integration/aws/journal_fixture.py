"""The checked-in journal of format version 1 (fixtures/journal-v1/): how it was made and the facts
a restart from it must show. Shared by make_journal_fixture.py (which wrote it with the binary of
commit 21e708e, the last one writing version 1 only) and test_journal_format_v1.py (which restores
it with today's binary)."""
import json
import os
import urllib.parse
import urllib.request

from conftest import IMAGE

FIXTURE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "journal-v1")
ECS_REGION = "cn-hangzhou"


def control(endpoint, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(endpoint + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def ecs_call(endpoint, action, **params):
    """An Alibaba ECS RPC call (auth off: the server reads the query, no signature)."""
    query = {"Action": action, "Version": "2014-05-26", "RegionId": ECS_REGION, **params}
    url = endpoint + "/?" + urllib.parse.urlencode(query)
    with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10) as resp:
        return json.loads(resp.read())


def make_history(server):
    """The mutations recorded in the fixture: every kind of resource the journal restores, a
    control-plane call, a refused request, and a transition still in flight at the end."""
    ec2 = server.client()
    asg = server.client("autoscaling")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24",
                               AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.create_key_pair(KeyName="ops")
    ids = [i["InstanceId"] for i in ec2.run_instances(
        ImageId=IMAGE, MinCount=3, MaxCount=3, SubnetId=subnet, SecurityGroupIds=[sg],
        KeyName="ops", InstanceType="t3.small",
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "app", "Value": "web"}]}])
        ["Instances"]]
    ec2.stop_instances(InstanceIds=[ids[0]])
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    ec2.attach_volume(VolumeId=vol, InstanceId=ids[1], Device="/dev/sdh")
    ec2.create_tags(Resources=[ids[2]], Tags=[{"Key": "owner", "Value": "ops"}])
    try:  # refused (duplicate name): compaction drops it, nothing changes
        ec2.create_key_pair(KeyName="ops")
    except ec2.exceptions.ClientError:
        pass
    lt = ec2.create_launch_template(LaunchTemplateName="web-lt", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]
    asg.create_auto_scaling_group(AutoScalingGroupName="web-asg", MinSize=1, MaxSize=4,
                                  DesiredCapacity=2, VPCZoneIdentifier=subnet,
                                  LaunchTemplate={"LaunchTemplateId": lt, "Version": "$Latest"})
    spot = ec2.request_spot_instances(InstanceCount=1, LaunchSpecification={
        "ImageId": IMAGE, "InstanceType": "c5.large",
        "Placement": {"AvailabilityZone": "us-east-1b"}})["SpotInstanceRequests"][0][
        "SpotInstanceRequestId"]
    ecs_call(server.endpoint, "RunInstances", ZoneId="cn-hangzhou-h", InstanceType="ecs.g6.large",
             ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd", Amount="2",
             **{"Tag.1.Key": "app", "Tag.1.Value": "batch"})
    control(server.endpoint, "POST", "/_cloudlife/clock/advance", {"seconds": 90})
    # A start still pending when the server stops: its completion is a scheduled event.
    control(server.endpoint, "PUT", "/_cloudlife/timing",
            {"profile": "realistic", "overrides": {"pending": 30}})
    ec2.start_instances(InstanceIds=[ids[0]])
    control(server.endpoint, "POST", "/_cloudlife/clock/advance", {"seconds": 10})
    return {"instances": ids, "volume": vol, "spot": spot}


def facts(server):
    """What a restart must restore, projected onto fields every later version still answers."""
    ec2 = server.client()
    asg = server.client("autoscaling")
    instances = {}
    for r in ec2.describe_instances()["Reservations"]:
        for i in r["Instances"]:
            instances[i["InstanceId"]] = {
                "reservation": r["ReservationId"], "state": i["State"]["Name"],
                "type": i["InstanceType"], "zone": i["Placement"]["AvailabilityZone"],
                "subnet": i.get("SubnetId"), "ip": i.get("PrivateIpAddress"),
                "key": i.get("KeyName"), "spot": i.get("SpotInstanceRequestId"),
                "groups": sorted(g["GroupId"] for g in i.get("SecurityGroups", [])),
                "tags": {t["Key"]: t["Value"] for t in i.get("Tags", [])},
                "volumes": {b["DeviceName"]: b["Ebs"]["VolumeId"]
                            for b in i.get("BlockDeviceMappings", [])}}
    ecs = ecs_call(server.endpoint, "DescribeInstances", PageSize="100")
    return {
        "clock": control(server.endpoint, "GET", "/_cloudlife/clock"),
        "instances": instances,
        "volumes": {v["VolumeId"]: [v["State"], v["Size"],
                                    [a["InstanceId"] for a in v.get("Attachments", [])]]
                    for v in ec2.describe_volumes()["Volumes"]},
        "vpcs": {v["VpcId"]: v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"]},
        "subnets": {s["SubnetId"]: [s["CidrBlock"], s["AvailableIpAddressCount"]]
                    for s in ec2.describe_subnets()["Subnets"]},
        "groups": {g["GroupId"]: [g["GroupName"],
                                  [[p["IpProtocol"], p.get("FromPort"), p.get("ToPort"),
                                    [x["CidrIp"] for x in p.get("IpRanges", [])]]
                                   for p in g["IpPermissions"]]]
                   for g in ec2.describe_security_groups()["SecurityGroups"]},
        "keys": {k["KeyName"]: k["KeyFingerprint"] for k in ec2.describe_key_pairs()["KeyPairs"]},
        "templates": {t["LaunchTemplateName"]: [t["LaunchTemplateId"], t["LatestVersionNumber"]]
                      for t in ec2.describe_launch_templates()["LaunchTemplates"]},
        "spot": {s["SpotInstanceRequestId"]: [s["State"], s.get("InstanceId")]
                 for s in ec2.describe_spot_instance_requests()["SpotInstanceRequests"]},
        "groups_asg": {g["AutoScalingGroupName"]: [
            g["DesiredCapacity"], sorted([i["InstanceId"], i["LifecycleState"]]
                                         for i in g["Instances"])]
            for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]},
        "ecs": {i["InstanceId"]: [i["Status"], i["InstanceType"], i["ZoneId"],
                                  {t["TagKey"]: t["TagValue"] for t in i["Tags"]["Tag"]}]
                for i in ecs["Instances"]["Instance"]},
    }
