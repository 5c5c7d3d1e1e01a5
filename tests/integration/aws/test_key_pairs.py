"""EC2 key pairs (issue 10 §2): real key material made with OpenSSL, fingerprints computed as EC2
computes them (created RSA: SHA-1 of the DER PKCS#8 private key; imported RSA: MD5 of the DER
public key; ED25519: base64 SHA-256 of the public key blob), DescribeKeyPairs with
IncludePublicKey and filters, DeleteKeyPair, and RunInstances' KeyName check."""
import base64
import hashlib
import shutil
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import describe_one, error_of, launch

# A 2048-bit RSA public key and an ED25519 public key (OpenSSH format).
RSA_PUB = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC5SuF+2M3hDJ6CCXxBKncVIuae7dymMpE7zZT+TRgA/zWROD2CkVf/fUTm"
    "jYyDYPWqMoM6jAxlSKnUQIaIrr0g+16Jo8Mn3KLPFDFaPaau5YjJKBgRGdkRfC9bKSIl/dvuycMbPbHILEw5l3kV8XjkKBv"
    "j/Ker5ef9iY2ltACvJZnowr+OcPRHWoAjIBLyFROuDJCmR2nyXQKBPNmK4swo6tlOuuxZ/TZazmjDBmUcFelGvHzMqhpW3k8"
    "937zTqVCvnJhYEuuOF9y23g37TgEdb/MlUunERMAY/mCOBXgsykVHu6/cFb+hUedyMoVwLB3GvzzoLMDcrJeeoZJcPsej me@host")
ED_PUB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII7GSCxakSWwre6qx/Do7JqIO+Hm5/0KHgSNH+IErsqn me@host"


def run(*args, data=None):
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("openssl"), reason="no openssl CLI")
def test_created_rsa_key_is_real_and_fingerprinted_as_ec2_does(ec2, tmp_path):
    k = ec2.create_key_pair(KeyName="deploy")
    assert k["KeyMaterial"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert k["KeyPairId"].startswith("key-")
    der = run("openssl", "pkcs8", "-topk8", "-nocrypt", "-outform", "DER", data=k["KeyMaterial"].encode())
    assert k["KeyFingerprint"] == ":".join(f"{b:02x}" for b in hashlib.sha1(der).digest())
    text = run("openssl", "rsa", "-noout", "-text", data=k["KeyMaterial"].encode()).decode()
    assert "Private-Key: (2048 bit" in text
    run("openssl", "rsa", "-check", "-noout", data=k["KeyMaterial"].encode())


def test_created_ed25519_key_is_an_openssh_key(ec2, tmp_path):
    k = ec2.create_key_pair(KeyName="ed", KeyType="ed25519")
    assert k["KeyMaterial"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    pub = ec2.describe_key_pairs(KeyNames=["ed"], IncludePublicKey=True)["KeyPairs"][0]
    assert pub["KeyType"] == "ed25519"
    blob = base64.b64decode(pub["PublicKey"].split()[1])
    assert k["KeyFingerprint"] == base64.b64encode(hashlib.sha256(blob).digest()).decode()
    if shutil.which("ssh-keygen"):
        path = tmp_path / "id"
        path.write_text(k["KeyMaterial"])
        path.chmod(0o600)
        assert run("ssh-keygen", "-y", "-f", str(path)).decode().split()[:2] == pub["PublicKey"].split()[:2]


def test_imported_keys_and_their_fingerprints(ec2):
    rsa = ec2.import_key_pair(KeyName="imported", PublicKeyMaterial=RSA_PUB.encode())
    blob = base64.b64decode(RSA_PUB.split()[1])
    # MD5 of the DER SubjectPublicKeyInfo, computed here from the SSH blob's e and n.
    if shutil.which("ssh-keygen"):
        der = run("ssh-keygen", "-e", "-m", "PKCS8", "-f", "/dev/stdin", data=RSA_PUB.encode())
        der = base64.b64decode("".join(l for l in der.decode().splitlines() if not l.startswith("-----")))
        assert rsa["KeyFingerprint"] == ":".join(f"{b:02x}" for b in hashlib.md5(der).digest())
    ed = ec2.import_key_pair(KeyName="imported-ed", PublicKeyMaterial=ED_PUB.encode())
    ed_blob = base64.b64decode(ED_PUB.split()[1])
    assert ed["KeyFingerprint"] == base64.b64encode(hashlib.sha256(ed_blob).digest()).decode()
    keys = {k["KeyName"]: k for k in ec2.describe_key_pairs()["KeyPairs"]}
    assert keys["imported"]["KeyType"] == "rsa" and "PublicKey" not in keys["imported"]
    assert len(blob) > 256
    with pytest.raises(ClientError) as e:
        ec2.import_key_pair(KeyName="bad", PublicKeyMaterial=b"not a key")
    assert error_of(e)[0] == "InvalidKey.Format"
    with pytest.raises(ClientError) as e:
        ec2.import_key_pair(KeyName="imported", PublicKeyMaterial=ED_PUB.encode())
    assert error_of(e)[0] == "InvalidKeyPair.Duplicate"


def test_describe_filters_delete_and_not_found(ec2):
    ec2.import_key_pair(KeyName="a", PublicKeyMaterial=ED_PUB.encode(),
                        TagSpecifications=[{"ResourceType": "key-pair", "Tags": [{"Key": "env", "Value": "prod"}]}])
    b = ec2.import_key_pair(KeyName="b", PublicKeyMaterial=RSA_PUB.encode())
    assert [k["KeyName"] for k in ec2.describe_key_pairs(
        Filters=[{"Name": "tag:env", "Values": ["prod"]}])["KeyPairs"]] == ["a"]
    assert [k["KeyName"] for k in ec2.describe_key_pairs(KeyPairIds=[b["KeyPairId"]])["KeyPairs"]] == ["b"]
    for name in ["key-pair-id", "key-name", "fingerprint", "key-type", "tag-key", "tag:x"]:
        ec2.describe_key_pairs(Filters=[{"Name": name, "Values": ["*"]}])
    with pytest.raises(ClientError) as e:
        ec2.describe_key_pairs(KeyNames=["missing"])
    assert error_of(e) == ("InvalidKeyPair.NotFound", 400, "The key pair 'missing' does not exist")
    ec2.delete_key_pair(KeyName="b")
    ec2.delete_key_pair(KeyName="b")  # EC2 answers success for an unknown name
    with pytest.raises(ClientError) as e:
        ec2.delete_key_pair(KeyPairId="key-00000000000000000")
    assert error_of(e)[0] == "InvalidKeyPair.NotFound"
    with pytest.raises(ClientError) as e:
        ec2.create_key_pair(KeyName="dry", DryRun=True)
    assert error_of(e)[0] == "DryRunOperation"
    assert [k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]] == ["a"]


def test_run_instances_needs_an_existing_key_pair(ec2):
    with pytest.raises(ClientError) as e:
        launch(ec2, KeyName="nope")
    assert error_of(e) == ("InvalidKeyPair.NotFound", 400, "The key pair 'nope' does not exist")
    assert ec2.describe_instances()["Reservations"] == []
    ec2.import_key_pair(KeyName="ops", PublicKeyMaterial=ED_PUB.encode())
    assert describe_one(ec2, launch(ec2, KeyName="ops")[0])["KeyName"] == "ops"
