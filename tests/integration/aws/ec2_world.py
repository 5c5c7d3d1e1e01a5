"""One of each EC2 resource the action walks (DryRun, documented filters) name, in the states the
actions need; imported by those tests."""
import pytest

IMAGE = "ami-0123456789abcdef0"


def make_world(ec2):
    """One of each resource the actions name, in the states the actions need."""
    w = {}
    w["vpc"] = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    w["subnet"] = ec2.create_subnet(VpcId=w["vpc"], CidrBlock="10.9.1.0/24",
                                    AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    w["group"] = ec2.create_security_group(GroupName="g", Description="g",
                                           VpcId=w["vpc"])["GroupId"]
    rules = ec2.authorize_security_group_ingress(GroupId=w["group"], IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
        "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])["SecurityGroupRules"]
    w["rule"] = rules[0]["SecurityGroupRuleId"]
    w["igw_free"] = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    w["igw"] = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=w["igw"], VpcId=w["vpc"])
    w["vpc_quiet"] = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    w["igw_quiet"] = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=w["igw_quiet"], VpcId=w["vpc_quiet"])
    w["rtb"] = ec2.create_route_table(VpcId=w["vpc"])["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=w["rtb"], DestinationCidrBlock="0.0.0.0/0",
                     GatewayId=w["igw"])
    w["rtb_assoc"] = ec2.associate_route_table(RouteTableId=w["rtb"],
                                               SubnetId=w["subnet"])["AssociationId"]
    w["acl"] = ec2.create_network_acl(VpcId=w["vpc"])["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=w["acl"], RuleNumber=100, Protocol="-1",
                                 RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0")
    acls = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id",
                                               "Values": [w["subnet"]]}])["NetworkAcls"]
    w["acl_assoc"] = [a for a in acls[0]["Associations"]
                      if a["SubnetId"] == w["subnet"]][0]["NetworkAclAssociationId"]
    w["key"] = ec2.create_key_pair(KeyName="k")["KeyName"]
    w["lt"] = ec2.create_launch_template(LaunchTemplateName="walk-lt", LaunchTemplateData={
        "ImageId": IMAGE, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]
    ec2.create_launch_template_version(LaunchTemplateId=w["lt"], SourceVersion="1",
                                       LaunchTemplateData={"InstanceType": "t3.small"})
    # t3.medium: room for three network interfaces (the walk attaches at device index 2).
    w["instance"] = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, InstanceType="t3.medium",
                                      SubnetId=w["subnet"])["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[w["instance"]],
                                            WaiterConfig={"Delay": 1})
    w["volume"] = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    w["volume_attached"] = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    ec2.get_waiter("volume_available").wait(VolumeIds=[w["volume"], w["volume_attached"]],
                                            WaiterConfig={"Delay": 1})
    ec2.attach_volume(VolumeId=w["volume_attached"], InstanceId=w["instance"], Device="/dev/sdf")
    w["snapshot"] = ec2.create_snapshot(VolumeId=w["volume"])["SnapshotId"]
    w["image"] = ec2.create_image(InstanceId=w["instance"], Name="img", NoReboot=True)["ImageId"]
    w["eni"] = ec2.create_network_interface(SubnetId=w["subnet"])["NetworkInterface"][
        "NetworkInterfaceId"]
    eni_attached = ec2.create_network_interface(SubnetId=w["subnet"])["NetworkInterface"][
        "NetworkInterfaceId"]
    w["eni_attachment"] = ec2.attach_network_interface(
        NetworkInterfaceId=eni_attached, InstanceId=w["instance"], DeviceIndex=1)["AttachmentId"]
    w["eip"] = ec2.allocate_address(Domain="vpc")["AllocationId"]
    eip_associated = ec2.allocate_address(Domain="vpc")["AllocationId"]
    w["eip_assoc"] = ec2.associate_address(AllocationId=eip_associated,
                                           InstanceId=w["instance"])["AssociationId"]
    w["spot"] = ec2.request_spot_instances(LaunchSpecification={
        "ImageId": IMAGE, "InstanceType": "t3.micro"})["SpotInstanceRequests"][0][
        "SpotInstanceRequestId"]
    w["fleet"] = ec2.create_fleet(Type="maintain", LaunchTemplateConfigs=[{
        "LaunchTemplateSpecification": {"LaunchTemplateId": w["lt"], "Version": "1"}}],
        TargetCapacitySpecification={"TotalTargetCapacity": 1,
                                     "DefaultTargetCapacityType": "on-demand"})["FleetId"]
    w["nat"] = ec2.create_nat_gateway(SubnetId=w["subnet"], ConnectivityType="private")[
        "NatGateway"]["NatGatewayId"]
    w["_ec2"] = ec2
    return w



# Resources some deletions need in a deletable state, made on first use and kept in the world.
def _cached(w, key, make):
    if key not in w:
        w[key] = make()
    return w[key]


def ec2_unassociated_table(w):
    return _cached(w, "rtb_free", lambda: w["_ec2"].create_route_table(
        VpcId=w["vpc"])["RouteTable"]["RouteTableId"])


def ec2_unused_group(w):
    return _cached(w, "group_free", lambda: w["_ec2"].create_security_group(
        GroupName="free", Description="free", VpcId=w["vpc"])["GroupId"])


def ec2_unused_snapshot(w):
    return _cached(w, "snapshot_free", lambda: w["_ec2"].create_snapshot(
        VolumeId=w["volume"])["SnapshotId"])


def ec2_empty_subnet(w):
    return _cached(w, "subnet_free", lambda: w["_ec2"].create_subnet(
        VpcId=w["vpc"], CidrBlock="10.9.9.0/24")["Subnet"]["SubnetId"])


def ec2_empty_vpc(w):
    return _cached(w, "vpc_free", lambda: w["_ec2"].create_vpc(
        CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"])
