"""Shared object storage for the fleet test (bench/fleet.py): moto's S3 server on loopback, in
a thread of the test, with a bucket whose objects anyone may read, as a deployment's media."""

import contextlib
import json
import logging

import boto3
from moto.server import ThreadedMotoServer

from bench import server
from bench.common import HOST

BUCKET = "c40-fleet-media"
REGION = "us-east-1"
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


def storage_env(port):
    """The settings that put the app servers' media in the bucket (c40site/settings.py)."""
    return {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://{HOST}:{port}",
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        **CREDENTIALS,
    }


@contextlib.contextmanager
def running_s3(port, log_path):
    """moto's S3 server on `port`, its requests logged to `log_path`, the public bucket made;
    its base URL for objects (path-style). Stopped after (its objects vanish with it)."""
    server.wait_for_free_port(port)  # moto's thread would wait forever for a taken port
    requests_log = logging.getLogger("werkzeug")
    requests_log.setLevel(logging.INFO)
    requests_log.propagate = False
    handler = logging.FileHandler(log_path)
    requests_log.addHandler(handler)
    s3_server = ThreadedMotoServer(ip_address=HOST, port=port, verbose=False)
    s3_server.start()
    try:
        endpoint = f"http://{HOST}:{port}"
        keys = {"aws_access_key_id": "fleet-test", "aws_secret_access_key": "fleet-test"}
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **keys)
        s3.create_bucket(Bucket=BUCKET)
        s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield f"{endpoint}/{BUCKET}/"
    finally:
        s3_server.stop()
        requests_log.removeHandler(handler)
        handler.close()
