"""A local stand-in for the WeCom (企业微信) and DingTalk (钉钉) message APIs: a real HTTP server on
a loopback port that answers their token and send calls the way the services do, records every
request, and can be told to answer the next calls with an error, an expired token or a rate limit
(errcode or HTTP 429 with Retry-After)."""

import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WECOM_TOKEN = "/cgi-bin/gettoken"
WECOM_SEND = "/cgi-bin/message/send"
DINGTALK_TOKEN = "/gettoken"
DINGTALK_SEND = "/topapi/message/corpconversation/asyncsend_v2"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict
    body: dict | None


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: dict | None = None
    headers: tuple[tuple[str, str], ...] = ()


class WorkAppFake:
    """Both services on one server (their paths differ). `token` is the valid access token;
    `known_users` (None: anyone) are the user ids the company app knows."""

    def __init__(self, *, key: str = "corp-key", secret: str = "corp-secret"):
        self.key, self.secret = key, secret
        self.token = "token-1"
        self.requests: list[Request] = []
        self.sends: list[Request] = []  # the accepted work messages only
        self.next_send_answers: deque[Answer] = deque()
        self.known_users: set[str] | None = None
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "WorkAppFake":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def expire_token(self) -> None:
        """The service forgets the token it handed out (its two hours are over)."""
        with self.lock:
            self.token = f"token-{int(self.token.split('-')[1]) + 1}"

    def token_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path in (WECOM_TOKEN, DINGTALK_TOKEN)]

    def settings(self, *, agent_id: str = "1000002") -> dict:
        return {"API": self.url, "KEY": self.key, "SECRET": self.secret, "AGENT_ID": agent_id}

    def answer(self, request: Request) -> Answer:
        with self.lock:
            self.requests.append(request)
            if request.path in (WECOM_TOKEN, DINGTALK_TOKEN):
                return self._token(request)
            if request.path not in (WECOM_SEND, DINGTALK_SEND):
                return Answer(404, {"errcode": 404, "errmsg": "no such api"})
            if request.query.get("access_token") != self.token:
                return Answer(200, {"errcode": 42001, "errmsg": "access_token expired"})
            if self.next_send_answers:
                return self.next_send_answers.popleft()
            user = (request.body or {}).get("touser") or (request.body or {}).get("userid_list")
            if self.known_users is not None and user not in self.known_users:
                if request.path == WECOM_SEND:
                    return Answer(200, {"errcode": 0, "errmsg": "ok", "invaliduser": user})
                return Answer(200, {"errcode": 33012, "errmsg": "无效的userid"})
            self.sends.append(request)
            if request.path == WECOM_SEND:
                return Answer(200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": str(len(self.sends))})
            return Answer(200, {"errcode": 0, "errmsg": "ok", "task_id": len(self.sends), "request_id": "r"})

    def _token(self, request: Request) -> Answer:
        names = ("corpid", "corpsecret") if request.path == WECOM_TOKEN else ("appkey", "appsecret")
        if (request.query.get(names[0]), request.query.get(names[1])) != (self.key, self.secret):
            return Answer(200, {"errcode": 40001, "errmsg": "invalid credential"})
        return Answer(200, {"errcode": 0, "errmsg": "ok", "access_token": self.token, "expires_in": 7200})

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real services
            disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                query = {name: values[0] for name, values in parse_qs(parts.query).items()}
                answer = fake.answer(Request(method=method, path=parts.path, query=query, body=body))
                payload = json.dumps(answer.body or {}).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def log_message(self, format, *args):
                pass

        return Handler
