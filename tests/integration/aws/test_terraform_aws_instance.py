"""The calls Terraform's AWS provider makes for aws_instance and aws_launch_template, replayed with
boto3 in the provider's order (hashicorp/terraform-provider-aws, internal/service/ec2/). Every
answer field the provider dereferences is asserted to be there."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of

AMI = "ami-0c02fb55956c7d316"  # the catalogue's Amazon Linux 2023 (x86_64)


def wait_state(ec2, iid, state):
    """WaitInstanceCreated / WaitInstanceStarted / StopInstance: DescribeInstances until `state`."""
    for _ in range(50):
        [inst] = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"]
        if inst["State"]["Name"] == state:
            return inst
    raise AssertionError(f"{iid} never reached {state}")


def read_instance(ec2, iid):
    """ec2_instance.go resourceInstanceRead: every call, in order, and the fields it reads."""
    [inst] = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"]  # FindInstanceByID
    # FindInstanceTypeByName: a failure here fails the whole read.
    [itype] = ec2.describe_instance_types(InstanceTypes=[inst["InstanceType"]])["InstanceTypes"]
    assert inst["Placement"]["AvailabilityZone"] and inst["Placement"]["Tenancy"]
    assert inst["CpuOptions"]["CoreCount"] * inst["CpuOptions"]["ThreadsPerCore"] == \
        itype["VCpuInfo"]["DefaultVCpus"]
    assert "Configured" in inst["HibernationOptions"] and "Enabled" in inst["EnclaveOptions"]
    assert inst["MaintenanceOptions"]["AutoRecovery"] in ("default", "disabled")
    assert inst["MetadataOptions"]["HttpTokens"] in ("optional", "required")
    assert inst["PrivateDnsNameOptions"] is not None
    [eni] = inst["NetworkInterfaces"]
    assert eni["Attachment"]["DeviceIndex"] == 0 and eni["NetworkInterfaceId"] and eni["SubnetId"]
    assert inst["Monitoring"]["State"] in ("disabled", "enabled")
    # readInstanceShutdownBehavior
    ec2.describe_instance_attribute(InstanceId=iid, Attribute="instanceInitiatedShutdownBehavior")
    # readBlockDevices -> readBlockDevicesFromInstance: DescribeVolumes of the mapped volumes
    vol_ids = [bd["Ebs"]["VolumeId"] for bd in inst["BlockDeviceMappings"]]
    vols = ec2.describe_volumes(VolumeIds=vol_ids)["Volumes"]
    assert {v["VolumeId"] for v in vols} == set(vol_ids)
    assert all(v["Size"] and v["VolumeType"] and "Encrypted" in v for v in vols)
    assert any(bd["DeviceName"] == inst["RootDeviceName"] for bd in inst["BlockDeviceMappings"])
    attrs = {a: ec2.describe_instance_attribute(InstanceId=iid, Attribute=a)
             for a in ("disableApiStop", "disableApiTermination", "userData")}
    assert "Value" in attrs["disableApiStop"]["DisableApiStop"]
    assert "Value" in attrs["disableApiTermination"]["DisableApiTermination"]
    credit = None
    if itype["BurstablePerformanceSupported"]:
        [credit] = ec2.describe_instance_credit_specifications(
            InstanceIds=[iid])["InstanceCreditSpecifications"]  # FindInstanceCreditSpecificationByID
    return inst, itype, attrs, credit


def test_aws_instance_create_read_update_destroy(ec2):
    # resourceInstanceCreate -> buildInstanceOpts -> FetchRootDeviceName: DescribeImages(ImageIds).
    [image] = ec2.describe_images(ImageIds=[AMI])["Images"]
    assert image["RootDeviceName"]
    out = ec2.run_instances(ImageId=AMI, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                            DisableApiTermination=True,
                            CreditSpecification={"CpuCredits": "standard"},
                            MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                            UserData="#!/bin/sh\necho hello\n",
                            TagSpecifications=[{"ResourceType": "instance",
                                                "Tags": [{"Key": "Name", "Value": "tf"}]}])
    iid = out["Instances"][0]["InstanceId"]
    wait_state(ec2, iid, "running")  # WaitInstanceCreated
    inst, itype, attrs, credit = read_instance(ec2, iid)
    assert itype["InstanceType"] == "t3.micro" and itype["BurstablePerformanceSupported"] is True
    assert attrs["disableApiTermination"]["DisableApiTermination"]["Value"] is True
    assert attrs["userData"]["UserData"]["Value"]
    assert credit == {"InstanceId": iid, "CpuCredits": "standard"}
    assert {t["Key"]: t["Value"] for t in inst["Tags"]} == {"Name": "tf"}

    # resourceInstanceUpdate, instance_type change: modifyInstanceAttributeWithStopStart.
    ec2.stop_instances(InstanceIds=[iid])
    wait_state(ec2, iid, "stopped")
    ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "t3.small"})
    ec2.start_instances(InstanceIds=[iid])
    wait_state(ec2, iid, "running")  # WaitInstanceStarted
    inst, itype, _, credit = read_instance(ec2, iid)
    assert inst["InstanceType"] == "t3.small" and itype["MemoryInfo"]["SizeInMiB"] == 2048
    assert credit["CpuCredits"] == "standard"

    # credit_specification change: ModifyInstanceCreditSpecification.
    ec2.modify_instance_credit_specification(
        InstanceCreditSpecifications=[{"InstanceId": iid, "CpuCredits": "unlimited"}])
    assert read_instance(ec2, iid)[3]["CpuCredits"] == "unlimited"

    # resourceInstanceDelete: disableInstanceAPITermination(false) first, then terminateInstance.
    with pytest.raises(ClientError) as e:
        ec2.terminate_instances(InstanceIds=[iid])
    assert error_of(e)[0] == "OperationNotPermitted"
    ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": False})
    ec2.terminate_instances(InstanceIds=[iid])
    wait_state(ec2, iid, "terminated")  # WaitInstanceDeleted
    # Read after destroy: FindInstanceByID treats a terminated instance as NotFound (its state).
    [gone] = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"]
    assert gone["State"]["Name"] == "terminated"


def test_aws_instance_of_a_non_burstable_type_skips_the_credit_read(ec2):
    iid = ec2.run_instances(ImageId=AMI, InstanceType="m5.large", MinCount=1,
                            MaxCount=1)["Instances"][0]["InstanceId"]
    wait_state(ec2, iid, "running")
    _, itype, _, credit = read_instance(ec2, iid)
    assert itype["BurstablePerformanceSupported"] is False and credit is None


def test_aws_launch_template_sequence(ec2):
    """launch_template.go: resourceLaunchTemplateCreate, resourceLaunchTemplateRead
    (FindLaunchTemplateByID + FindLaunchTemplateVersionByTwoPartKey), resourceLaunchTemplateUpdate
    (CreateLaunchTemplateVersion, then ModifyLaunchTemplate when update_default_version),
    resourceLaunchTemplateDelete and the read that then answers NotFound."""
    lt = ec2.create_launch_template(LaunchTemplateName="tf-lt", LaunchTemplateData={
        "ImageId": AMI, "InstanceType": "t3.micro",
        "CreditSpecification": {"CpuCredits": "unlimited"},
        "MaintenanceOptions": {"AutoRecovery": "default"},
        "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2}})["LaunchTemplate"]
    lt_id = lt["LaunchTemplateId"]

    def read(version):
        [t] = ec2.describe_launch_templates(LaunchTemplateIds=[lt_id])["LaunchTemplates"]
        [v] = ec2.describe_launch_template_versions(LaunchTemplateId=lt_id,
                                                    Versions=[version])["LaunchTemplateVersions"]
        return t, v

    t, v = read("$Default")
    assert t["LatestVersionNumber"] == 1 and v["LaunchTemplateData"]["CreditSpecification"] == {
        "CpuCredits": "unlimited"}
    new = ec2.create_launch_template_version(LaunchTemplateId=lt_id, SourceVersion="$Latest",
                                             LaunchTemplateData={"InstanceType": "t3.small"})
    assert new["LaunchTemplateVersion"]["VersionNumber"] == 2
    ec2.modify_launch_template(LaunchTemplateId=lt_id, DefaultVersion="2")
    t, v = read("$Default")
    assert t["DefaultVersionNumber"] == 2 and v["LaunchTemplateData"]["InstanceType"] == "t3.small"
    assert read("$Latest")[1]["VersionNumber"] == 2
    # Deleting the default version is refused; an older one goes.
    out = ec2.delete_launch_template_versions(LaunchTemplateId=lt_id, Versions=["1", "2"])
    assert [d["VersionNumber"] for d in out["SuccessfullyDeletedLaunchTemplateVersions"]] == [1]
    assert [u["VersionNumber"] for u in out["UnsuccessfullyDeletedLaunchTemplateVersions"]] == [2]
    iid = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={
        "LaunchTemplateId": lt_id, "Version": "$Default"})["Instances"][0]["InstanceId"]
    [credit] = ec2.describe_instance_credit_specifications(InstanceIds=[iid])["InstanceCreditSpecifications"]
    assert credit["CpuCredits"] == "unlimited"
    ec2.delete_launch_template(LaunchTemplateId=lt_id)
    with pytest.raises(ClientError) as e:
        ec2.describe_launch_templates(LaunchTemplateIds=[lt_id])
    assert error_of(e)[0] == "InvalidLaunchTemplateId.NotFound"
