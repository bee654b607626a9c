"""Text messages: the console and memory backends, and Aliyun's SendSms over real HTTP against a
local server that checks the request's signature the way Aliyun documents it."""

import base64
import hashlib
import hmac
import json
import logging
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.sms import ConsoleSmsBackend, LocmemSmsBackend, SmsError, sms_send
from core.sms.aliyun import AliyunSmsBackend

SECRET = "test-secret-不可外传"


@pytest.fixture(autouse=True)
def _empty_outbox():
    LocmemSmsBackend.outbox.clear()


def test_the_console_backend_logs_the_text_with_the_number_masked(settings, caplog):
    settings.SMS_BACKEND = "core.sms.ConsoleSmsBackend"
    with caplog.at_level(logging.WARNING, logger="core.sms"):
        sms_send(phone="13912345678", text="验证码 482913", template="verification_code", params={"code": "482913"})
    assert "验证码 482913" in caplog.text
    assert "139****5678" in caplog.text
    assert "13912345678" not in caplog.text
    assert isinstance(ConsoleSmsBackend(), ConsoleSmsBackend)


def test_the_memory_backend_keeps_each_message(settings):
    settings.SMS_BACKEND = "core.sms.LocmemSmsBackend"
    sms_send(phone="13912345678", text="你好", template="verification_code", params={"code": "1"})
    [message] = LocmemSmsBackend.outbox
    assert (message.phone, message.text, message.template, message.params) == (
        "13912345678",
        "你好",
        "verification_code",
        {"code": "1"},
    )


class TextOnly:
    sent: list[tuple[str, str]] = []

    def send_text(self, *, phone: str, text: str) -> None:
        TextOnly.sent.append((phone, text))


def test_a_backend_that_only_takes_text_is_given_the_text(settings):
    settings.SMS_BACKEND = "tests.core.test_sms.TextOnly"
    sms_send(phone="13912345678", text="验证码 1", template="verification_code", params={"code": "1"})
    assert TextOnly.sent == [("13912345678", "验证码 1")]


# --- Aliyun, against a local server -------------------------------------------------------------


def _encode(value: str) -> str:
    # Aliyun's percentEncode: RFC 3986 unreserved characters stay, everything else is %XX of UTF-8.
    return "".join(
        chr(byte) if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "-_.~") else f"%{byte:02X}"
        for byte in value.encode()
    )


def expected_signature(params: dict[str, str], secret: str) -> str:
    query = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(params.items()) if k != "Signature")
    string_to_sign = "POST&%2F&" + _encode(query)
    return base64.b64encode(hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()


class FakeAliyun(BaseHTTPRequestHandler):
    """Checks the signature with the account's secret and answers as dysmsapi does. The answer
    for the next request can be set (flow control, a refused number, a server fault)."""

    requests: list[dict] = []
    next_answer: tuple[int, bytes] | None = None

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        params = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
        FakeAliyun.requests.append({"params": params, "content_type": self.headers["Content-Type"], "path": self.path})
        if FakeAliyun.next_answer is not None:
            status, body = FakeAliyun.next_answer
            FakeAliyun.next_answer = None
        elif params.get("Signature") != expected_signature(params, SECRET):
            status, body = 400, b'{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched"}'
        else:
            status, body = 200, json.dumps({"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def aliyun(settings):
    FakeAliyun.requests = []
    FakeAliyun.next_answer = None
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAliyun)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "core.sms.aliyun.AliyunSmsBackend"
    settings.SMS_ALIYUN = {
        "ACCESS_KEY_ID": "LTAI-test",
        "ACCESS_KEY_SECRET": SECRET,
        "SIGN_NAME": "物业服务学院",
        "ENDPOINT": f"http://127.0.0.1:{server.server_port}/",
        "TIMEOUT": 5,
    }
    settings.SMS_TEMPLATES = {"verification_code": "SMS_000001", "notice": "SMS_000002"}
    yield FakeAliyun
    server.shutdown()
    server.server_close()


def test_aliyun_sends_a_signed_send_sms_request(aliyun):
    sms_send(phone="13912345678", text="验证码 482913", template="verification_code", params={"code": "482913"})
    sms_send(phone="13912345678", text="验证码 111222", template="verification_code", params={"code": "111222"})
    first, second = aliyun.requests
    params = first["params"]
    assert first["content_type"] == "application/x-www-form-urlencoded"
    assert params["Signature"] == expected_signature(params, SECRET)
    assert {k: params[k] for k in ("Action", "Version", "Format", "SignatureMethod", "SignatureVersion")} == {
        "Action": "SendSms",
        "Version": "2017-05-25",
        "Format": "JSON",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
    }
    assert (params["AccessKeyId"], params["PhoneNumbers"], params["SignName"], params["TemplateCode"]) == (
        "LTAI-test",
        "13912345678",
        "物业服务学院",
        "SMS_000001",
    )
    assert json.loads(params["TemplateParam"]) == {"code": "482913"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", params["Timestamp"])
    # A new nonce per request: Aliyun refuses a nonce seen before as a replay.
    assert params["SignatureNonce"] != second["params"]["SignatureNonce"]


def test_free_text_goes_through_the_notice_template(aliyun):
    AliyunSmsBackend().send_text(phone="13912345678", text="课程即将到期")
    params = aliyun.requests[0]["params"]
    assert (params["TemplateCode"], json.loads(params["TemplateParam"])) == ("SMS_000002", {"content": "课程即将到期"})


def test_a_wrong_secret_is_refused_by_the_server_and_not_retried(aliyun, settings):
    settings.SMS_ALIYUN = {**settings.SMS_ALIYUN, "ACCESS_KEY_SECRET": "wrong"}
    with pytest.raises(SmsError, match="SignatureDoesNotMatch") as error:
        sms_send(phone="13912345678", text="x", template="verification_code", params={"code": "1"})
    assert error.value.retryable is False


@pytest.mark.parametrize(
    ("status", "body", "retryable"),
    [
        (200, b'{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"flow control"}', True),
        (200, b'{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"bad number"}', False),
        (503, b"<html>busy</html>", True),
    ],
)
def test_provider_refusals_say_whether_a_retry_can_help(aliyun, status, body, retryable):
    aliyun.next_answer = (status, body)
    with pytest.raises(SmsError) as error:
        sms_send(phone="13912345678", text="x", template="verification_code", params={"code": "1"})
    assert error.value.retryable is retryable


def test_a_template_without_a_configured_code_is_not_sent(aliyun, settings):
    settings.SMS_TEMPLATES = {}
    with pytest.raises(SmsError, match="not configured") as error:
        sms_send(phone="13912345678", text="x", template="verification_code", params={"code": "1"})
    assert error.value.retryable is False
    assert aliyun.requests == []


def test_an_unreachable_provider_is_a_retryable_failure(settings):
    settings.SMS_BACKEND = "core.sms.aliyun.AliyunSmsBackend"
    settings.SMS_ALIYUN = {
        "ACCESS_KEY_ID": "id",
        "ACCESS_KEY_SECRET": "s",
        "SIGN_NAME": "n",
        "ENDPOINT": "http://127.0.0.1:9/",
        "TIMEOUT": 2,
    }
    settings.SMS_TEMPLATES = {"verification_code": "SMS_1"}
    with pytest.raises(SmsError) as error:
        sms_send(phone="13912345678", text="x", template="verification_code", params={"code": "1"})
    assert error.value.retryable is True
