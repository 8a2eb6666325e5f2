"""A push service of the tests' own: an HTTP server on 127.0.0.1 (a thread, a free port) that
takes pushes as a browser's push service would, checks their VAPID signature and decrypts
them with the subscription's private key, as the browser would.

``PushService.subscription()`` makes a browser's subscription (an EC P-256 key pair and an
auth secret made here, an endpoint on this server); ``received`` holds what came, decrypted.
``answer(path, status)`` makes the server answer that status for one endpoint (410: gone).
"""

import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid.jwt import decode as decode_jwt

from push.vapid import b64url, generate


@dataclass
class Push:
    path: str
    headers: dict
    claims: dict  # the VAPID JWT's, once its signature checked out
    vapid_key: str
    payload: dict  # decrypted


@dataclass
class BrowserKeys:
    path: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    endpoint: str

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def as_json(self) -> dict:
        """What ``PushSubscription.toJSON()`` gives in a browser."""
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}


@dataclass
class PushService:
    vapid_public_key: str
    vapid_private_key: str
    subject: str = "mailto:operators@portal.example"
    received: list[Push] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    browsers: dict[str, BrowserKeys] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    delay: dict[str, float] = field(default_factory=dict)
    url: str = ""

    def subscription(self) -> BrowserKeys:
        path = f"/push/{b64url(os.urandom(12))}"
        keys = BrowserKeys(path, ec.generate_private_key(ec.SECP256R1()), os.urandom(16),
                           self.url + path)
        self.browsers[path] = keys
        return keys

    def answer(self, path: str, status: int) -> None:
        self.answers[path] = status

    def env(self) -> dict[str, str]:
        """The environment of a worker that sends to this service."""
        return {"VAPID_PUBLIC_KEY": self.vapid_public_key,
                "VAPID_PRIVATE_KEY": self.vapid_private_key, "VAPID_SUBJECT": self.subject,
                "PUSH_SERVICE_HOSTS": "127.0.0.1", "PUSH_ALLOW_HTTP_ENDPOINTS": "true"}

    def settings(self) -> dict:
        return {"VAPID_PUBLIC_KEY": self.vapid_public_key,
                "VAPID_PRIVATE_KEY": self.vapid_private_key, "VAPID_SUBJECT": self.subject,
                "PUSH_SERVICE_HOSTS": ["127.0.0.1"], "PUSH_ALLOW_HTTP_ENDPOINTS": True}

    def take(self, path: str, headers: dict, body: bytes) -> int:
        """Check and decrypt one push, as a push service and then the browser would."""
        if path in self.delay:
            time.sleep(self.delay[path])
        browser = self.browsers.get(path)
        if browser is None:
            self.refused.append(f"{path}: no such subscription")
            return 404
        if path in self.answers:
            return self.answers[path]
        # RFC 8292: "vapid t=<JWT>, k=<the public key>", the JWT signed by that key.
        scheme, _, params = headers.get("authorization", "").partition(" ")
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        if scheme.lower() != "vapid" or parts.get("k") != self.vapid_public_key:
            self.refused.append(f"{path}: not signed with the portal's key")
            return 403
        claims = decode_jwt(parts["t"], parts["k"])  # raises if the signature is wrong
        if claims["aud"] != self.url or claims["exp"] < time.time():
            self.refused.append(f"{path}: wrong audience or expired")
            return 403
        if headers.get("content-encoding") != "aes128gcm":
            self.refused.append(f"{path}: not aes128gcm")
            return 400
        plain = http_ece.decrypt(body, private_key=browser.private_key,
                                 auth_secret=browser.auth, version="aes128gcm")
        self.received.append(Push(path, headers, claims, parts["k"], json.loads(plain)))
        return 201

    def to(self, browser: BrowserKeys) -> list[Push]:
        return [push for push in self.received if push.path == browser.path]


def start_push_service() -> tuple[PushService, ThreadingHTTPServer]:
    public, private = generate()
    service = PushService(public, private)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status = service.take(self.path, headers, body)
            except Exception as exc:  # a push that does not decrypt or verify
                service.refused.append(f"{self.path}: {type(exc).__name__}: {exc}")
                status = 400
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return service, server

