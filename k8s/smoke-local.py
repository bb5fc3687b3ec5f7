#!/usr/bin/env python3
"""Runs the three services as the dev overlay configures them, without a cluster.

Each service's kubernetes-profile build (k8s/generate.sh leaves it in <service>/target/quarkus-app)
is started as a local process with exactly the environment its Deployment gets in
`kubectl kustomize k8s/overlays/dev` (ConfigMap, Secret, database credentials, QUARKUS_PROFILE),
except what only a cluster has: the databases (fresh local ones), the in-cluster URLs
(http://<service> becomes http://127.0.0.1:<free port>), the staff identity provider (bin/run's
Keycloak on localhost, keycloak/README.md; no agent signs in here), the volumes (temporary
directories), the port, and TRUSTED_PROXIES: this script plays the ingress controller, so 127.0.0.1 is the trusted
proxy and every request carries the X-Forwarded-* headers ingress-nginx sets for the public host
(ACCOUNT_ISSUER), while the phone signs its DPoP proofs for the public URLs. Then a phone's path
through the suite: account, DPoP sign-in, photo upload to sync-service, both sources' events in the
signed log, the photo's provenance from audit-service, whose sign-in records the forwarded
client address, and a support case the phone opens with its access log. Exit status 0 when all of that works.

Needs: python3 with PyYAML and cryptography, kubectl (or kustomize), psql, a JDK >= 21 (JAVA_HOME).
Usage: k8s/generate.sh && python3 k8s/smoke-local.py
"""
import base64
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import yaml
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ["audit-service", "account-service", "sync-service"]
PG = ["psql", "-h", os.environ.get("PG_HOST", "127.0.0.1"), "-p", os.environ.get("PG_PORT", "5432"),
      "-U", os.environ.get("PG_USER", "postgres"), "-v", "ON_ERROR_STOP=1", "-qc"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def overlay_documents():
    build = ["kubectl", "kustomize"] if shutil.which("kubectl") else ["kustomize", "build"]
    out = subprocess.run(build + [os.path.join(ROOT, "k8s/overlays/dev")], capture_output=True, text=True, check=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def deployment_env(docs, service):
    """The environment the dev overlay gives the service's container."""
    def get(kind, name):
        return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)
    container = get("Deployment", service)["spec"]["template"]["spec"]["containers"][0]
    env = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(get("ConfigMap", source["configMapRef"]["name"])["data"])
        else:
            env.update(get("Secret", source["secretRef"]["name"])["stringData"])
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        elif "secretKeyRef" in var["valueFrom"]:
            ref = var["valueFrom"]["secretKeyRef"]
            env[var["name"]] = get("Secret", ref["name"])["stringData"][ref["key"]]
        else:
            ref = var["valueFrom"]["configMapKeyRef"]
            env[var["name"]] = get("ConfigMap", ref["name"])["data"][ref["key"]]
    return env


CLIENT_IP = "203.0.113.7"


class Phone:
    """A device with its own P-256 key, speaking DPoP (RFC 9449) to the public URL through the "ingress"."""

    def __init__(self, public_url):
        self.public = urllib.parse.urlsplit(public_url)
        self.key = ec.generate_private_key(ec.SECP256R1())
        n = self.key.public_key().public_numbers()
        self.jwk = {"kty": "EC", "crv": "P-256", "x": b64(n.x.to_bytes(32, "big")), "y": b64(n.y.to_bytes(32, "big"))}
        self.token = None

    def proof(self, method, url):
        header = {"typ": "dpop+jwt", "alg": "ES256", "jwk": self.jwk}
        claims = {"jti": str(uuid.uuid4()), "htm": method, "htu": url, "iat": int(time.time())}
        if self.token:
            claims["ath"] = b64(hashlib.sha256(self.token.encode()).digest())
        signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
        r, s = decode_dss_signature(self.key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
        return signing_input + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big"))

    def call(self, method, url, body=None, content_type="application/json"):
        """Sends to the service's local url, as ingress-nginx forwards a request for the public URL."""
        path = urllib.parse.urlsplit(url).path
        public_port = self.public.port or (443 if self.public.scheme == "https" else 80)
        headers = {"DPoP": self.proof(method, f"{self.public.scheme}://{self.public.netloc}{path}"),
                   "X-Forwarded-For": CLIENT_IP, "X-Forwarded-Proto": self.public.scheme,
                   "X-Forwarded-Host": self.public.netloc, "X-Forwarded-Port": str(public_port)}
        if self.token:
            headers["Authorization"] = "DPoP " + self.token
        if body is not None:
            headers["Content-Type"] = content_type
            if isinstance(body, dict):
                body = json.dumps(body).encode()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers, method=method), timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def expect(what, status, body, wanted):
    print(f"{what}: {status}")
    if status not in wanted:
        raise SystemExit(f"FAILED {what}: {status} {body[:500]}")
    return json.loads(body) if body.startswith("{") else body


def wait_ready(service, port, process, log):
    deadline = time.time() + 240
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"FAILED {service} exited ({process.returncode}); its log: {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/q/health/ready", timeout=5) as r:
                if r.status == 200:
                    print(f"{service} ready on {port}")
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(2)
    raise SystemExit(f"FAILED {service} not ready within 240 s; its log: {log}")


def jpeg(work):
    """A tiny JPEG made by the JDK's ImageIO."""
    source = os.path.join(work, "MakeJpeg.java")
    with open(source, "w") as f:
        f.write("import javax.imageio.ImageIO; import java.awt.image.BufferedImage; import java.io.File;\n"
                "public class MakeJpeg { public static void main(String[] a) throws Exception {\n"
                "  BufferedImage i = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB); i.setRGB(1, 1, 0xff8800);\n"
                "  ImageIO.write(i, \"jpg\", new File(a[0])); } }\n")
    target = os.path.join(work, "photo.jpg")
    subprocess.run([java(), "-Djava.awt.headless=true", source, target], check=True)
    with open(target, "rb") as f:
        return f.read()


def java():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "java") if home else "java"


def main():
    docs = overlay_documents()
    work = tempfile.mkdtemp(prefix="photosync-smoke-")
    ports = {service: free_port() for service in SERVICES}
    suffix = str(os.getpid())
    processes = []
    databases = []
    try:
        for service in SERVICES:
            db = service.replace("-service", "")
            database = f"smoke_{db}_{suffix}"
            subprocess.run(PG + [f"create database {database}"], check=True)
            databases.append(database)
            env = deployment_env(docs, service)
            env["DB_URL"] = f"jdbc:postgresql://{PG[2]}:{PG[4]}/{database}"
            env["DB_USER"], env["DB_PASSWORD"] = PG[6], os.environ.get("PG_PASSWORD", "")
            for name, value in list(env.items()):
                for target, port in ports.items():
                    if value == f"http://{target}":
                        env[name] = f"http://127.0.0.1:{port}"
            for name in ("SYNC_STORAGE_DIR", "ACCOUNT_GEOIP_DATABASE"):
                if name in env:
                    env[name] = os.path.join(work, service, os.path.basename(env[name]))
            os.makedirs(os.path.join(work, service), exist_ok=True)
            if "AUDIT_STAFF_OIDC_URL" in env:
                env["AUDIT_STAFF_OIDC_URL"] = f"http://localhost:{os.environ.get('KEYCLOAK_PORT', '8180')}/realms/photosync-staff"
            env["TRUSTED_PROXIES"] = "127.0.0.1/32"
            env["QUARKUS_HTTP_PORT"] = str(ports[service])
            env["PATH"] = os.environ["PATH"]
            jar = os.path.join(ROOT, service, "target/quarkus-app/quarkus-run.jar")
            if not os.path.exists(jar):
                raise SystemExit(f"{jar} is missing: run k8s/generate.sh first")
            log = os.path.join(work, service + ".log")
            with open(log, "w") as out:
                processes.append((service, subprocess.Popen([java(), "-Xmx384m", "-jar", jar], env=env, cwd=work,
                                                            stdout=out, stderr=subprocess.STDOUT), log))
        for service, process, log in processes:
            wait_ready(service, ports[service], process, log)

        account = f"http://localhost:{ports['account-service']}"
        sync = f"http://localhost:{ports['sync-service']}"
        audit = f"http://localhost:{ports['audit-service']}"
        configured = deployment_env(docs, "account-service")["ACCOUNT_ISSUER"]
        phone = Phone(configured)
        login = f"smoke-{suffix}"
        password = "correct horse battery staple 42"
        expect("create account", *phone.call("POST", account + "/v1/accounts",
                                             {"login": login, "password": password, "displayName": "Smoke"}), {201})
        session = expect("sign in", *phone.call("POST", account + "/v1/sessions", {
            "login": login, "password": password, "device": {"name": "phone", "model": "m", "os": "o", "appVersion": "1"}}), {201})
        phone.token = session["accessToken"]
        issuer = json.loads(base64.urlsafe_b64decode(phone.token.split(".")[1] + "=="))["iss"]
        if issuer != configured:
            raise SystemExit(f"FAILED the token's iss is {issuer}, the overlay's ACCOUNT_ISSUER {configured}")
        multipart = (b"--smoke\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\n"
                     b"Content-Type: image/jpeg\r\n\r\n" + jpeg(work) + b"\r\n--smoke--\r\n")
        photo = expect("upload to sync-service (token checked against account-service's JWKS)",
                       *phone.call("POST", sync + "/v1/photos", multipart, "multipart/form-data; boundary=smoke"), {201})
        origin = deployment_env(docs, "audit-service")["AUDIT_LOG_ORIGIN"]
        deadline = time.time() + 60
        while True:
            provenance = phone.call("GET", audit + "/v1/provenance/photos/" + photo["photoId"])
            if provenance[0] == 200 or time.time() > deadline:
                break
            time.sleep(2)
        report = expect("provenance from audit-service (both sources' events in the log)", *provenance, {200})
        steps = [step["step"] for step in report.get("chain", [])]
        print("provenance chain:", steps, "verdict:", report.get("verdict", {}).get("code"))
        sign_in = next(step for step in report["chain"] if step["step"] == "SIGN_IN")
        if sign_in.get("ip") != CLIENT_IP:
            raise SystemExit(f"FAILED the sign-in's address is {sign_in.get('ip')}, not the forwarded {CLIENT_IP}")
        checkpoint = urllib.request.urlopen(audit + "/v1/log/checkpoint", timeout=10).read().decode()
        if not checkpoint.startswith(origin + "\n") or f"\u2014 {origin} " not in checkpoint:
            raise SystemExit(f"FAILED the checkpoint is not signed by the Secret's key named {origin}:\n{checkpoint}")
        if int(checkpoint.split("\n")[1]) < 2:
            raise SystemExit(f"FAILED the log holds fewer than the two sources' events:\n{checkpoint}")
        print("checkpoint:", checkpoint.split("\n")[:2])
        case = expect("support case opened by the phone (/v1/me/cases)", *phone.call("POST", audit + "/v1/me/cases", {
            "photoId": photo["photoId"], "question": "Why is this photo here?"}), {201})
        expect("the account's access log (/v1/me/access-log)", *phone.call("GET", audit + "/v1/me/access-log"), {200})
        print("support case:", case.get("state"), "grant:", (case.get("grant") or {}).get("state"))
        print("OK: the dev overlay's configuration starts the three services and they work together")
    finally:
        for _, process, _ in processes:
            process.terminate()
        for _, process, _ in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        for database in databases:
            subprocess.run(PG + [f"drop database if exists {database}"])
        print("logs in", work)


if __name__ == "__main__":
    sys.exit(main())
