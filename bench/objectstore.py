"""Shared object storage for the fleet test (bench/fleet.py): moto's S3 server on loopback,
with a bucket whose objects anyone may read, as the media bucket of a deployment."""

import contextlib
import json
import subprocess
import time

from bench import server
from bench.common import BenchError
from bench.services import REPO, VENV_BIN, python

BUCKET = "c40-fleet-media"
REGION = "us-east-1"
START_TIMEOUT = 30
# moto accepts any key; the app servers find them where boto3 looks, in the environment.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "fleet-test", "AWS_SECRET_ACCESS_KEY": "fleet-test"}
# The bucket policy of docs/deploy: objects are public, so their URLs need no signature.
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
CREATE_BUCKET = """
import os, boto3
env = os.environ
bucket = env["AWS_STORAGE_BUCKET_NAME"]
endpoint, region = env["AWS_S3_ENDPOINT_URL"], env["AWS_S3_REGION_NAME"]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name=region)
s3.create_bucket(Bucket=bucket)
s3.put_bucket_policy(Bucket=bucket, Policy=env["BUCKET_POLICY"])
"""


def endpoint(port):
    return f"http://{server.HOST}:{port}"


def storage_env(port):
    """The settings that put the app servers' media in the bucket (c40site/settings.py)."""
    return {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint(port),
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        **CREDENTIALS,
    }


def media_base(port):
    """Where the bucket's objects are read from (path-style addressing)."""
    return f"{endpoint(port)}/{BUCKET}/"


@contextlib.contextmanager
def running_s3(env, port, log_path):
    """moto's S3 server on `port` in its own process group, the public bucket made; always
    stopped after (its objects vanish with it)."""
    moto = VENV_BIN / "moto_server"
    if not moto.exists():
        raise BenchError(f"{moto} is missing: run `make env` (moto is a dev requirement).")
    server.wait_for_free_port(port)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [str(moto), "-H", server.HOST, "-p", str(port)],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_listening(process, port, log_path)
        create_public_bucket({**env, **storage_env(port)})
        yield media_base(port)
    finally:
        server.stop(process)


def wait_until_listening(process, port, log_path):
    deadline = time.monotonic() + START_TIMEOUT
    while not server.port_is_open(port):
        if process.poll() is not None:
            log = server.log_tail(log_path)
            raise BenchError(f"moto's S3 server exited ({process.returncode}):\n{log}")
        if time.monotonic() > deadline:
            raise BenchError(f"moto's S3 server did not listen within {START_TIMEOUT}s.")
        time.sleep(0.2)


def create_public_bucket(env):
    """The bucket, and its policy letting anyone read its objects (boto3, the project's)."""
    done = subprocess.run(
        [python(), "-c", CREATE_BUCKET],
        env={**env, "BUCKET_POLICY": json.dumps(PUBLIC_READ)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"Could not create the bucket {BUCKET}:\n{done.stderr}")
