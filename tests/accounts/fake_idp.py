"""A local identity provider for the sign-on tests: a threaded HTTP server speaking OpenID Connect
(discovery, authorize → code, token with PKCE and a client secret, userinfo, JWKS; ID tokens are
RS256 JWTs signed with a key made for the test) and the WeCom and DingTalk sign-in APIs. It stands
in only for the remote service: real HTTP, real redirects, real tokens.

`FakeIdP.person` is who is "signed in" at the provider: the claims (OIDC), the WeCom getuserinfo
answer or the DingTalk users/me answer the next sign-in gets."""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "academy"
CLIENT_SECRET = "oidc-test-secret"
CORP_ID = "ww-test-corp"
CORP_SECRET = "wecom-test-secret"
DINGTALK_KEY = "ding-test-key"
DINGTALK_SECRET = "ding-test-secret"


def _b64(number: int) -> str:
    data = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeIdP:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.person: dict = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.calls: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "FakeIdP":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- tokens ---
    def id_token(self, claims: dict, nonce: str | None) -> str:
        now = int(time.time())
        payload = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **claims}
        if nonce:
            payload["nonce"] = nonce
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "kid": self.kid,
                    "use": "sig",
                    "alg": "RS256",
                    "n": _b64(numbers.n),
                    "e": _b64(numbers.e),
                }
            ]
        }

    def _handler(self):
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict | None = None, headers: dict | None = None):
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect_back(self, query: dict, code_data: dict):
                code = secrets.token_urlsafe(16)
                idp.codes[code] = {**code_data, "person": dict(idp.person)}
                target = (
                    query["redirect_uri"]
                    + "?"
                    + urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
                )
                self._send(302, headers={"Location": target})

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                idp.calls.append(url.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._send(
                        200,
                        {
                            "issuer": idp.url,
                            "authorization_endpoint": f"{idp.url}/authorize",
                            "token_endpoint": f"{idp.url}/token",
                            "userinfo_endpoint": f"{idp.url}/userinfo",
                            "jwks_uri": f"{idp.url}/jwks",
                            "response_types_supported": ["code"],
                            "token_endpoint_auth_methods_supported": ["client_secret_post"],
                            "code_challenge_methods_supported": ["S256"],
                        },
                    )
                if url.path == "/jwks":
                    return self._send(200, idp.jwks())
                if url.path == "/authorize":
                    if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                        return self._send(400, {"error": "invalid_request"})
                    return self._redirect_back(
                        query,
                        {
                            "redirect_uri": query["redirect_uri"],
                            "challenge": query.get("code_challenge"),
                            "nonce": query.get("nonce"),
                        },
                    )
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in idp.tokens:
                        return self._send(401, {"error": "invalid_token"})
                    return self._send(200, idp.tokens[token])
                # WeCom
                if url.path == "/wecom/authorize":
                    if query.get("appid") != CORP_ID or query.get("scope") not in ("snsapi_base", "snsapi_privateinfo"):
                        return self._send(400, {"errcode": 40013, "errmsg": "invalid corpid"})
                    return self._redirect_back(query, {"agentid": query.get("agentid")})
                if url.path == "/cgi-bin/gettoken":
                    if (query.get("corpid"), query.get("corpsecret")) != (CORP_ID, CORP_SECRET):
                        return self._send(200, {"errcode": 40001, "errmsg": "invalid credential"})
                    token = secrets.token_urlsafe(16)
                    idp.tokens[token] = {"corp": True}
                    return self._send(200, {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})
                if url.path == "/cgi-bin/auth/getuserinfo":
                    if query.get("access_token") not in idp.tokens:
                        return self._send(200, {"errcode": 40014, "errmsg": "invalid access_token"})
                    grant = idp.codes.pop(query.get("code", ""), None)
                    if grant is None:
                        return self._send(200, {"errcode": 40029, "errmsg": "invalid code"})
                    return self._send(200, {"errcode": 0, "errmsg": "ok", **grant["person"]})
                # DingTalk
                if url.path == "/dingtalk/auth":
                    if query.get("client_id") != DINGTALK_KEY:
                        return self._send(400, {"error": "invalid client"})
                    return self._redirect_back(query, {})
                if url.path == "/v1.0/contact/users/me":
                    token = self.headers.get("x-acs-dingtalk-access-token", "")
                    if token not in idp.tokens:
                        return self._send(401, {"code": "InvalidAuthentication"})
                    return self._send(200, idp.tokens[token])
                return self._send(404, {"error": "not_found"})

            def do_POST(self):
                url = urllib.parse.urlsplit(self.path)
                idp.calls.append(url.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if url.path == "/token":
                    form = dict(urllib.parse.parse_qsl(body))
                    grant = idp.codes.pop(form.get("code", ""), None)
                    if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                        return self._send(401, {"error": "invalid_client"})
                    if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
                        return self._send(400, {"error": "invalid_grant"})
                    if grant["challenge"]:
                        verifier = form.get("code_verifier", "").encode()
                        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                        if expected != grant["challenge"]:
                            return self._send(400, {"error": "invalid_grant", "error_description": "PKCE"})
                    token = secrets.token_urlsafe(24)
                    claims = grant["person"]
                    idp.tokens[token] = claims
                    return self._send(
                        200,
                        {
                            "access_token": token,
                            "token_type": "Bearer",
                            "expires_in": 3600,
                            "id_token": idp.id_token({"sub": claims["sub"]}, grant.get("nonce")),
                        },
                    )
                if url.path == "/v1.0/oauth2/userAccessToken":
                    data = json.loads(body or "{}")
                    grant = idp.codes.pop(data.get("code", ""), None)
                    if (data.get("clientId"), data.get("clientSecret")) != (
                        DINGTALK_KEY,
                        DINGTALK_SECRET,
                    ) or grant is None:
                        return self._send(400, {"code": "invalidCode"})
                    token = secrets.token_urlsafe(24)
                    idp.tokens[token] = grant["person"]
                    return self._send(200, {"accessToken": token, "refreshToken": "r", "expireIn": 7200})
                return self._send(404, {"error": "not_found"})

        return Handler
