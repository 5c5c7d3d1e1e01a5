"""CPU credits, metadata and maintenance options, attributes, user data, console output, password
data and GetLaunchTemplateData (docs/supported.md, "Instance settings")."""
import base64
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import describe_one, error_of, launch


def credits(ec2, iid):
    [spec] = ec2.describe_instance_credit_specifications(InstanceIds=[iid])["InstanceCreditSpecifications"]
    return spec["CpuCredits"]


def test_burstable_instances_take_their_familys_default_credit_option(ec2):
    [t3] = launch(ec2, InstanceType="t3.micro")
    [t2] = launch(ec2, InstanceType="t2.micro")
    [asked] = launch(ec2, InstanceType="t2.micro", CreditSpecification={"CpuCredits": "unlimited"})
    assert (credits(ec2, t3), credits(ec2, t2), credits(ec2, asked)) == ("unlimited", "standard", "unlimited")
    # Without IDs: the instances with the unlimited option.
    listed = ec2.describe_instance_credit_specifications()["InstanceCreditSpecifications"]
    assert sorted(s["InstanceId"] for s in listed) == sorted([t3, asked])

    [m5] = launch(ec2, InstanceType="m5.large")
    with pytest.raises(ClientError) as e:
        ec2.describe_instance_credit_specifications(InstanceIds=[m5])
    assert error_of(e)[0] == "InstanceCreditSpecification.NotSupported"
    with pytest.raises(ClientError) as e:
        launch(ec2, InstanceType="m5.large", CreditSpecification={"CpuCredits": "unlimited"})
    assert error_of(e) == ("InstanceCreditSpecification.NotSupported", 400,
                           "The m5.large instance type does not support T2 Unlimited.")
    with pytest.raises(ClientError) as e:
        launch(ec2, InstanceType="t3.micro", CreditSpecification={"CpuCredits": "turbo"})
    assert error_of(e)[:2] == ("InvalidParameterValue", 400)


def test_modify_credit_specification_per_instance(ec2):
    [t3] = launch(ec2, InstanceType="t3.micro")
    [m5] = launch(ec2, InstanceType="m5.large")
    out = ec2.modify_instance_credit_specification(InstanceCreditSpecifications=[
        {"InstanceId": t3, "CpuCredits": "standard"}, {"InstanceId": m5, "CpuCredits": "unlimited"},
        {"InstanceId": "i-0123456789abcdef0", "CpuCredits": "standard"}])
    assert [s["InstanceId"] for s in out["SuccessfulInstanceCreditSpecifications"]] == [t3]
    failed = {f["InstanceId"]: f["Error"]["Code"] for f in out["UnsuccessfulInstanceCreditSpecifications"]}
    assert failed == {m5: "InstanceCreditSpecification.NotSupported",
                      "i-0123456789abcdef0": "InvalidInstanceID.NotFound"}
    assert credits(ec2, t3) == "standard"


def test_default_credit_specification_per_family(ec2):
    get = lambda f: ec2.get_default_credit_specification(InstanceFamily=f)["InstanceFamilyCreditSpecification"]
    assert get("t2") == {"InstanceFamily": "t2", "CpuCredits": "standard"}
    assert get("t3")["CpuCredits"] == "unlimited" and get("t4g")["CpuCredits"] == "unlimited"
    ec2.modify_default_credit_specification(InstanceFamily="t3", CpuCredits="standard")
    assert get("t3")["CpuCredits"] == "standard"
    [t3] = launch(ec2, InstanceType="t3.small")
    assert credits(ec2, t3) == "standard"
    with pytest.raises(ClientError):
        ec2.get_default_credit_specification(InstanceFamily="m5")


def test_modify_metadata_options_is_pending_then_applied(cloudlife, ec2):
    cloudlife.timing("realistic", {"metadata-options-applying": 3, "pending": 1})
    [iid] = launch(ec2)
    cloudlife.advance(2)
    out = ec2.modify_instance_metadata_options(InstanceId=iid, HttpTokens="optional", HttpPutResponseHopLimit=3)
    assert out["InstanceMetadataOptions"]["State"] == "pending"
    opts = describe_one(ec2, iid)["MetadataOptions"]
    assert (opts["State"], opts["HttpTokens"], opts["HttpPutResponseHopLimit"]) == ("pending", "optional", 3)
    cloudlife.advance(4)
    assert describe_one(ec2, iid)["MetadataOptions"]["State"] == "applied"
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_metadata_options(InstanceId=iid, HttpPutResponseHopLimit=65)
    assert error_of(e)[0] == "InvalidParameterValue"
    assert describe_one(ec2, iid)["MetadataOptions"]["HttpPutResponseHopLimit"] == 3


def test_maintenance_options(ec2):
    [iid] = launch(ec2, MaintenanceOptions={"AutoRecovery": "disabled"})
    assert describe_one(ec2, iid)["MaintenanceOptions"]["AutoRecovery"] == "disabled"
    out = ec2.modify_instance_maintenance_options(InstanceId=iid, AutoRecovery="default")
    assert out["AutoRecovery"] == "default"
    assert describe_one(ec2, iid)["MaintenanceOptions"]["AutoRecovery"] == "default"


def test_every_attribute_is_described(ec2):
    [iid] = launch(ec2, InstanceType="t3.micro")
    for name in ["instanceType", "kernel", "ramdisk", "userData", "disableApiTermination",
                 "instanceInitiatedShutdownBehavior", "rootDeviceName", "blockDeviceMapping",
                 "productCodes", "sourceDestCheck", "groupSet", "ebsOptimized", "sriovNetSupport",
                 "enaSupport", "enclaveOptions", "disableApiStop"]:
        out = ec2.describe_instance_attribute(InstanceId=iid, Attribute=name)
        assert out["InstanceId"] == iid


def test_instance_type_ena_and_sriov_change_only_while_stopped(ec2):
    [iid] = launch(ec2, InstanceType="t3.micro")
    for change in [{"InstanceType": {"Value": "t3.small"}}, {"EnaSupport": {"Value": False}},
                   {"SriovNetSupport": {"Value": "simple"}}]:
        with pytest.raises(ClientError) as e:
            ec2.modify_instance_attribute(InstanceId=iid, **change)
        assert error_of(e)[0] == "IncorrectInstanceState"
    ec2.stop_instances(InstanceIds=[iid])
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "t3.nonexistent"})
    assert error_of(e) == ("InvalidParameterValue", 400,
                           "The following supplied instance types do not exist: [t3.nonexistent]")
    with pytest.raises(ClientError) as e:
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "t4g.small"})
    assert error_of(e)[0] == "InvalidParameterValue"  # an x86_64 image on an arm64 type
    ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "m5.large"})
    ec2.modify_instance_attribute(InstanceId=iid, EnaSupport={"Value": False})
    ec2.modify_instance_attribute(InstanceId=iid, SriovNetSupport={"Value": "simple"})
    attr = lambda a: ec2.describe_instance_attribute(InstanceId=iid, Attribute=a)
    assert attr("instanceType")["InstanceType"]["Value"] == "m5.large"
    assert attr("enaSupport")["EnaSupport"]["Value"] is False
    assert attr("sriovNetSupport")["SriovNetSupport"]["Value"] == "simple"
    # A resized T3 keeps its unlimited option (the API reference's M4 example).
    assert credits(ec2, iid) == "unlimited"
    inst = describe_one(ec2, iid)
    assert inst["CpuOptions"] == {"CoreCount": 1, "ThreadsPerCore": 2}


def test_user_data_is_base64_and_at_most_16_kb(ec2):
    [ok] = launch(ec2, UserData="x" * 16384)
    got = ec2.describe_instance_attribute(InstanceId=ok, Attribute="userData")["UserData"]["Value"]
    assert len(base64.b64decode(got)) == 16384
    with pytest.raises(ClientError) as e:
        launch(ec2, UserData="x" * 16385)
    assert error_of(e) == ("InvalidParameterValue", 400, "User data is limited to 16384 bytes")
    assert len(ec2.describe_instances()["Reservations"]) == 1


def test_console_output_after_boot_and_password_data(cloudlife, ec2):
    cloudlife.timing("realistic", {"pending": 5})
    [iid] = launch(ec2)
    out = ec2.get_console_output(InstanceId=iid)
    assert out["InstanceId"] == iid and "Output" not in out
    cloudlife.advance(6)
    out = ec2.get_console_output(InstanceId=iid)
    assert "Cloud-init" in out["Output"] and "t3.micro" in out["Output"]
    pw = ec2.get_password_data(InstanceId=iid)
    assert pw["InstanceId"] == iid and pw["PasswordData"] == ""
    with pytest.raises(ClientError) as e:
        ec2.get_console_output(InstanceId="i-0123456789abcdef0")
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"


WINDOWS_AMI = "ami-0f9c44e98edf38a2b"  # the catalogue's Windows Server 2022 image


def decrypt_password_data(private_pem, password_data, tmp_path):
    """What a client does with the key pair's private key: RSA PKCS#1 v1.5 decryption."""
    key_file = tmp_path / "launch-key.pem"
    key_file.write_text(private_pem)
    out = subprocess.run(["openssl", "pkeyutl", "-decrypt", "-inkey", str(key_file),
                          "-pkeyopt", "rsa_padding_mode:pkcs1"],
                         input=base64.b64decode(password_data), capture_output=True, check=True)
    return out.stdout.decode()


def test_a_windows_instance_gets_its_password_once_its_status_checks_pass(cloudlife, ec2, tmp_path):
    cloudlife.timing("realistic", {"pending": 5, "status-checks": 120})
    key = ec2.create_key_pair(KeyName="windows-admin")
    [win] = launch(ec2, ImageId=WINDOWS_AMI, KeyName="windows-admin")
    [linux] = launch(ec2, KeyName="windows-admin")
    [no_key] = launch(ec2, ImageId=WINDOWS_AMI)
    cloudlife.advance(6)
    # Booted, but EC2Launch has not set the password yet: empty, as EC2 answers.
    assert ec2.get_password_data(InstanceId=win)["PasswordData"] == ""
    cloudlife.advance(120)
    ec2.get_waiter("password_data_available").wait(InstanceId=win, WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    first = ec2.get_password_data(InstanceId=win)
    password = decrypt_password_data(key["KeyMaterial"], first["PasswordData"], tmp_path)
    assert len(password) == 32 and any(c.isupper() for c in password) and any(c.isdigit() for c in password)
    assert ec2.get_password_data(InstanceId=win)["PasswordData"] == first["PasswordData"]
    assert ec2.get_password_data(InstanceId=linux)["PasswordData"] == ""
    assert ec2.get_password_data(InstanceId=no_key)["PasswordData"] == ""
    # The password is set on the first boot only: a stop and start keeps it.
    ec2.stop_instances(InstanceIds=[win])
    cloudlife.advance(600)
    ec2.start_instances(InstanceIds=[win])
    cloudlife.advance(6)
    again = ec2.get_password_data(InstanceId=win)
    assert again["PasswordData"] == first["PasswordData"] and again["Timestamp"] == first["Timestamp"]


def test_an_ed25519_key_gives_a_windows_instance_no_password_data(cloudlife, ec2):
    cloudlife.timing("realistic", {"pending": 5, "status-checks": 120})
    ec2.create_key_pair(KeyName="ed", KeyType="ed25519")
    [win] = launch(ec2, ImageId=WINDOWS_AMI, KeyName="ed")
    cloudlife.advance(200)
    assert ec2.get_password_data(InstanceId=win)["PasswordData"] == ""


def test_get_launch_template_data_reproduces_the_instance(ec2):
    [iid] = launch(ec2, InstanceType="t3.small", DisableApiTermination=True,
                   TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "app", "Value": "web"}]}])
    data = ec2.get_launch_template_data(InstanceId=iid)["LaunchTemplateData"]
    assert data["InstanceType"] == "t3.small" and data["DisableApiTermination"] is True
    assert data["CreditSpecification"] == {"CpuCredits": "unlimited"}
    assert data["TagSpecifications"] == [{"ResourceType": "instance", "Tags": [{"Key": "app", "Value": "web"}]}]
    assert data["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"] == 8
    lt = ec2.create_launch_template(LaunchTemplateName="from-instance", LaunchTemplateData={
        k: v for k, v in data.items() if k in ("ImageId", "InstanceType", "CreditSpecification")})
    [copy] = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={
        "LaunchTemplateId": lt["LaunchTemplate"]["LaunchTemplateId"], "Version": "$Latest"})["Instances"]
    assert copy["InstanceType"] == "t3.small"


def test_settings_survive_a_restart_with_state_dir(tmp_path):
    from test_persistence import Server
    first = Server(str(tmp_path))
    ec2 = first.client()
    ec2.modify_default_credit_specification(InstanceFamily="t3", CpuCredits="standard")
    iid = ec2.run_instances(ImageId="ami-0c02fb55956c7d316", InstanceType="t3.micro", MinCount=1,
                            MaxCount=1)["Instances"][0]["InstanceId"]
    ec2.modify_instance_maintenance_options(InstanceId=iid, AutoRecovery="disabled")
    ec2.modify_instance_metadata_options(InstanceId=iid, HttpPutResponseHopLimit=5)
    first.kill()
    second = Server(str(tmp_path))
    try:
        ec2 = second.client()
        fam = ec2.get_default_credit_specification(InstanceFamily="t3")["InstanceFamilyCreditSpecification"]
        assert fam["CpuCredits"] == "standard"
        assert credits(ec2, iid) == "standard"
        inst = describe_one(ec2, iid)
        assert inst["MaintenanceOptions"]["AutoRecovery"] == "disabled"
        assert inst["MetadataOptions"]["HttpPutResponseHopLimit"] == 5
    finally:
        second.kill()
