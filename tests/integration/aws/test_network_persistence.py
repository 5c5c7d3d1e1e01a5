"""--state-dir: security groups and their rules, key pairs (with the same key material),
interfaces, Elastic IPs, gateways and route tables come back identical after a kill -9 and restart
(the journal replays the requests; key material derives from the replayed ID sequence)."""
import tempfile

from conftest import IMAGE
from test_persistence import Server

ED_PUB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII7GSCxakSWwre6qx/Do7JqIO+Hm5/0KHgSNH+IErsqn x@y"


def snapshot(ec2):
    return {
        "groups": ec2.describe_security_groups()["SecurityGroups"],
        "rules": ec2.describe_security_group_rules()["SecurityGroupRules"],
        "keys": ec2.describe_key_pairs(IncludePublicKey=True)["KeyPairs"],
        "enis": ec2.describe_network_interfaces()["NetworkInterfaces"],
        "addresses": ec2.describe_addresses()["Addresses"],
        "igws": ec2.describe_internet_gateways()["InternetGateways"],
        "tables": ec2.describe_route_tables()["RouteTables"],
        "instances": ec2.describe_instances()["Reservations"],
    }


def test_network_resources_survive_a_restart():
    with tempfile.TemporaryDirectory() as d:
        s = Server(d, "--clock", "frozen")
        ec2 = s.client()
        gid = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        created = ec2.create_key_pair(KeyName="made")
        ec2.create_key_pair(KeyName="made-ed", KeyType="ed25519")
        ec2.import_key_pair(KeyName="imported", PublicKeyMaterial=ED_PUB.encode())
        iid = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, KeyName="made",
                                SecurityGroupIds=[gid])["Instances"][0]["InstanceId"]
        alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]
        ec2.associate_address(AllocationId=alloc, InstanceId=iid)
        vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
        before = snapshot(ec2)
        s.kill()

        s2 = Server(d, "--clock", "frozen")
        try:
            ec2 = s2.client()
            assert snapshot(ec2) == before
            # The same private key: a second CreateKeyPair of another name gets a different one,
            # and the restored fingerprint is the one the client was given.
            fp = {k["KeyName"]: k["KeyFingerprint"] for k in ec2.describe_key_pairs()["KeyPairs"]}
            assert fp["made"] == created["KeyFingerprint"]
            assert ec2.create_key_pair(KeyName="after")["KeyFingerprint"] != created["KeyFingerprint"]
        finally:
            s2.stop()
