"""The two company messaging apps, 企业微信 (WeCom) and 钉钉 (DingTalk): both hand out an access
token for the app's key and secret (valid two hours, shared by every worker through the cache) and
take one work message per call. Their answers are JSON with an `errcode`: 0 is success; some codes
mean the token expired (fetch a new one and try once more), some a rate limit (the batch waits),
some a person the company app does not know (that delivery fails for good)."""

import threading

import requests
from django.conf import settings
from django.core.cache import cache

from notifications.channels.base import SENT, ChannelBackend, ChannelError, Outbound, Outcome

TIMEOUT_SECONDS = 10
_sessions = threading.local()


def http_session() -> requests.Session:
    """One keep-alive session per worker thread: a batch reuses its connection."""
    session = getattr(_sessions, "session", None)
    if session is None:
        session = _sessions.session = requests.Session()
    return session


class WorkAppChannel(ChannelBackend):
    """Shared by WeCom and DingTalk; subclasses name their settings, endpoints and error codes."""

    settings_key = ""
    default_api = ""
    token_path = ""
    token_params: tuple[str, str] = ("", "")  # the query names of the app's key and secret
    send_path = ""
    token_expired_codes: frozenset[int] = frozenset()
    rate_limit_codes: frozenset[int] = frozenset()
    busy_codes: frozenset[int] = frozenset()
    # Anything else non-zero is a permanent refusal of this message (an unknown person, a bad
    # parameter): trying again would get the same answer.

    def config(self) -> dict:
        return settings.NOTIFICATION_CHANNELS.get(self.settings_key, {})

    def enabled(self) -> bool:
        config = self.config()
        return bool(config.get("KEY") and config.get("SECRET") and config.get("AGENT_ID"))

    def api(self) -> str:
        return (self.config().get("API") or self.default_api).rstrip("/")

    def _cache_key(self) -> str:
        return f"notifications:{self.channel}:token:{self.config().get('KEY')}"

    def _request(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = http_session().request(method, f"{self.api()}{path}", timeout=TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as error:
            raise ChannelError(f"{self.channel} unreachable: {error.__class__.__name__}") from error
        if response.status_code == 429:
            raise ChannelError(
                f"{self.channel} rate limit (HTTP 429)", retry_after=_seconds(response.headers.get("Retry-After"))
            )
        if response.status_code >= 500:
            raise ChannelError(f"{self.channel} answered HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError as error:
            raise ChannelError(f"{self.channel} answered HTTP {response.status_code} without JSON") from error
        if not isinstance(answer, dict):
            raise ChannelError(f"{self.channel} answered unexpected JSON")
        return answer

    def token(self, *, fresh: bool = False) -> str:
        key = self._cache_key()
        if not fresh:
            token = cache.get(key)
            if token:
                return token
        config = self.config()
        names = self.token_params
        answer = self._request("GET", self.token_path, params={names[0]: config["KEY"], names[1]: config["SECRET"]})
        code = answer.get("errcode", 0)
        if code != 0 or not answer.get("access_token"):
            self._raise_for(code, answer, what="token")
        expires = int(answer.get("expires_in") or 7200)
        cache.set(key, answer["access_token"], max(60, expires - 300))
        return answer["access_token"]

    def _raise_for(self, code: int, answer: dict, *, what: str) -> None:
        text = f"{self.channel} {what} errcode {code}: {str(answer.get('errmsg', ''))[:200]}"
        if code in self.rate_limit_codes:
            raise ChannelError(text, retry_after=60)
        # Busy, and a refused token (wrong secret, an IP not on the app's list) is an operator's to
        # fix: keep retrying with backoff rather than dropping everyone's messages.
        raise ChannelError(text)

    def payload(self, message: Outbound) -> dict:
        raise NotImplementedError

    def send_one(self, message: Outbound) -> Outcome:
        for fresh in (False, True):
            answer = self._request(
                "POST", self.send_path, params={"access_token": self.token(fresh=fresh)}, json=self.payload(message)
            )
            code = answer.get("errcode", 0)
            if code in self.token_expired_codes and not fresh:
                continue
            break
        if code == 0:
            return self.refused(answer) or SENT
        if code in self.rate_limit_codes or code in self.busy_codes or code in self.token_expired_codes:
            self._raise_for(code, answer, what="send")
        return Outcome(
            ok=False, error=f"{self.channel} errcode {code}: {str(answer.get('errmsg', ''))[:200]}", retryable=False
        )

    def refused(self, answer: dict) -> Outcome | None:
        """A success answer that still names the person as unreachable (WeCom's invaliduser)."""
        return None


def _seconds(value: str | None) -> float | None:
    try:
        return max(1.0, float(value)) if value else None
    except ValueError:
        return None


class WeComChannel(WorkAppChannel):
    """企业微信: GET /cgi-bin/gettoken?corpid&corpsecret, POST /cgi-bin/message/send (a text card
    with the link, or text)."""

    channel = "wecom"
    settings_key = "wecom"
    default_api = "https://qyapi.weixin.qq.com"
    token_path = "/cgi-bin/gettoken"  # noqa: S105 - an address, not a secret
    token_params = ("corpid", "corpsecret")
    send_path = "/cgi-bin/message/send"
    token_expired_codes = frozenset({40014, 42001})
    rate_limit_codes = frozenset({45009, 45033, 45011})
    busy_codes = frozenset({-1})

    def address(self, recipient) -> str:
        return recipient.wecom_userid

    def payload(self, message: Outbound) -> dict:
        agent = int(self.config()["AGENT_ID"])
        if message.url:
            return {
                "touser": message.address,
                "msgtype": "textcard",
                "agentid": agent,
                "textcard": {"title": message.title, "description": message.body, "url": message.url},
            }
        text = f"{message.title}\n{message.body}"
        return {"touser": message.address, "msgtype": "text", "agentid": agent, "text": {"content": text}}

    def refused(self, answer: dict) -> Outcome | None:
        if answer.get("invaliduser"):
            return Outcome(ok=False, error="wecom: the user id is not in the company's WeCom", retryable=False)
        return None


class DingTalkChannel(WorkAppChannel):
    """钉钉: GET /gettoken?appkey&appsecret, POST /topapi/message/corpconversation/asyncsend_v2 (an
    action card with the link, or text)."""

    channel = "dingtalk"
    settings_key = "dingtalk"
    default_api = "https://oapi.dingtalk.com"
    token_path = "/gettoken"  # noqa: S105 - an address, not a secret
    token_params = ("appkey", "appsecret")
    send_path = "/topapi/message/corpconversation/asyncsend_v2"
    token_expired_codes = frozenset({40014, 42001})
    # 88: calls forbidden for a moment; 90005/90006/90018: calls per minute or second over the
    # limit; 41047/41048: work messages per minute over the limit.
    rate_limit_codes = frozenset({88, 90005, 90006, 90018, 41047, 41048})
    busy_codes = frozenset({-1})

    def address(self, recipient) -> str:
        return recipient.dingtalk_userid

    def payload(self, message: Outbound) -> dict:
        if message.url:
            msg = {
                "msgtype": "action_card",
                "action_card": {
                    "title": message.title,
                    "markdown": f"### {message.title}\n{message.body}",
                    "single_title": message.title[:20],
                    "single_url": message.url,
                },
            }
        else:
            msg = {"msgtype": "text", "text": {"content": f"{message.title}\n{message.body}"}}
        return {"agent_id": int(self.config()["AGENT_ID"]), "userid_list": message.address, "msg": msg}
