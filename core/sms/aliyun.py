"""Aliyun (阿里云) Short Message Service: the SendSms action of dysmsapi, version 2017-05-25, over
its published RPC HTTP API, signed as Aliyun documents ("Signature mechanism"): every parameter
but Signature sorted by name, each name and value percent-encoded (RFC 3986, space as %20), the
string to sign "POST&%2F&" + the encoded query, signed with HMAC-SHA1 under the AccessKey secret
followed by "&", base64.

Settings: SMS_ALIYUN = {"ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "SIGN_NAME", "ENDPOINT", "REGION",
"TIMEOUT"} and SMS_TEMPLATES, which maps each message's template key to an approved template code
(SMS_123456789)."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.conf import settings

from core.sms.backends import BaseSmsBackend, SmsError, SmsMessage, mask

logger = logging.getLogger("core.sms")

API_VERSION = "2017-05-25"
DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
# Answers that sending again later may cure: flow control and the provider's own faults.
RETRYABLE_CODES = {"isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.AMOUNT_NOT_ENOUGH", "Throttling"}


def percent_encode(value: str) -> str:
    return urllib.parse.quote(str(value), safe="~")


def aliyun_signature(*, params: dict[str, str], secret: str, method: str = "POST") -> str:
    """The request's Signature parameter (Aliyun RPC signature version 1.0)."""
    query = "&".join(f"{percent_encode(key)}={percent_encode(params[key])}" for key in sorted(params))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(query)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


class AliyunSmsBackend(BaseSmsBackend):
    def __init__(self):
        config = getattr(settings, "SMS_ALIYUN", {})
        self.access_key_id = config.get("ACCESS_KEY_ID", "")
        self.secret = config.get("ACCESS_KEY_SECRET", "")
        self.sign_name = config.get("SIGN_NAME", "")
        self.endpoint = config.get("ENDPOINT") or DEFAULT_ENDPOINT
        self.region = config.get("REGION") or "cn-hangzhou"
        self.timeout = float(config.get("TIMEOUT", 10))
        if urllib.parse.urlsplit(self.endpoint).scheme not in ("http", "https"):
            raise SmsError("SMS_ALIYUN ENDPOINT must be an http(s) address", retryable=False)

    def request_params(self, message: SmsMessage) -> dict[str, str]:
        """Every parameter of the SendSms call, the signature last."""
        template_code = getattr(settings, "SMS_TEMPLATES", {}).get(message.template, "")
        if not (self.access_key_id and self.secret and self.sign_name and template_code):
            raise SmsError(f"SMS_ALIYUN is not configured for the template {message.template!r}", retryable=False)
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.phone,
            "RegionId": self.region,
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template_code,
            "TemplateParam": json.dumps(message.params, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
        }
        params["Signature"] = aliyun_signature(params=params, secret=self.secret)
        return params

    def send_message(self, message: SmsMessage) -> None:
        body = urllib.parse.urlencode(self.request_params(message), quote_via=urllib.parse.quote).encode()
        request = urllib.request.Request(  # noqa: S310 — the scheme is checked in __init__
            self.endpoint,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                answer = _json(response.read())
        except urllib.error.HTTPError as error:
            answer = _json(error.read())
            if not answer.get("Code"):
                raise SmsError(f"aliyun: HTTP {error.code}", retryable=error.code >= 500 or error.code == 429)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"aliyun: {error}")
        code = answer.get("Code", "")
        if code != "OK":
            raise SmsError(f"aliyun: {code} {answer.get('Message', '')}".strip(), retryable=code in RETRYABLE_CODES)
        logger.info("SMS to %s sent by aliyun (%s)", mask(message.phone), answer.get("BizId", ""))


def _json(data: bytes) -> dict:
    try:
        value = json.loads(data or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
