"""WeCom's web sign-in, as WeCom documents it ("构造网页授权链接", "获取访问用户身份"):

1. the browser goes to https://open.weixin.qq.com/connect/oauth2/authorize?appid=CORPID
   &redirect_uri=…&response_type=code&scope=snsapi_base&state=…&agentid=AGENTID#wechat_redirect
   (inside the WeCom app; outside it WeCom shows its QR sign-in);
2. the server gets the company's access token: GET /cgi-bin/gettoken?corpid=…&corpsecret=… (valid
   7200 s, to be cached: WeCom limits how often it may be asked);
3. and the person: GET /cgi-bin/auth/getuserinfo?access_token=…&code=… → {"userid": …} for a
   member (a non-member gets an "openid" only and is refused); with scope snsapi_privateinfo,
   POST /cgi-bin/auth/getuserdetail {"user_ticket": …} adds their mobile number.

Every answer carries errcode (0 is success)."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from django.core.cache import cache
from django.utils.http import urlencode

TOKEN_CACHE_KEY = "accounts:wecom:token:{}"  # noqa: S105 — a cache key, not a secret
# WeCom's codes for an access token that expired or is not valid: ask for a new one once.
STALE_TOKEN_CODES = {40014, 42001}


class WeComOAuth2Client(OAuth2Client):
    agent_id = ""
    api_url = ""

    def get_redirect_url(self, authorization_url, scope, extra_params) -> str:
        params = {
            "appid": self.consumer_key,
            "redirect_uri": self.callback_url,
            "response_type": "code",
            "scope": self.scope_delimiter.join(sorted(set(scope))),
            "state": self.state or "",
        }
        if self.agent_id:
            params["agentid"] = self.agent_id
        # WeCom requires the fragment: without it the page does not redirect back.
        return f"{authorization_url}?{urlencode(params)}#wechat_redirect"

    def _call(self, method: str, path: str, **kwargs) -> dict:
        with get_adapter().get_requests_session() as session:
            response = session.request(method, f"{self.api_url.rstrip('/')}{path}", timeout=10, **kwargs)
            response.raise_for_status()
            data = response.json()
        if not isinstance(data, dict):
            raise OAuth2Error("WeCom answered something that is not an object")
        return data

    def corp_token(self, *, fresh: bool = False) -> tuple[str, int]:
        key = TOKEN_CACHE_KEY.format(self.consumer_key)
        cached = None if fresh else cache.get(key)
        if cached:
            return cached
        data = self._call(
            "GET", "/cgi-bin/gettoken", params={"corpid": self.consumer_key, "corpsecret": self.consumer_secret}
        )
        if data.get("errcode", 0) != 0 or not data.get("access_token"):
            raise OAuth2Error(f"WeCom gettoken: {data.get('errcode')} {data.get('errmsg', '')}")
        expires_in = int(data.get("expires_in", 7200))
        value = (data["access_token"], expires_in)
        cache.set(key, value, max(60, expires_in - 300))
        return value

    def get_access_token(self, code, pkce_code_verifier=None, extra_data=None):
        """The company's token and, under "userinfo", who the code belongs to."""
        token, expires_in = self.corp_token()
        info = self._call("GET", "/cgi-bin/auth/getuserinfo", params={"access_token": token, "code": code})
        if info.get("errcode") in STALE_TOKEN_CODES:
            token, expires_in = self.corp_token(fresh=True)
            info = self._call("GET", "/cgi-bin/auth/getuserinfo", params={"access_token": token, "code": code})
        if info.get("errcode", 0) != 0:
            raise OAuth2Error(f"WeCom getuserinfo: {info.get('errcode')} {info.get('errmsg', '')}")
        if not info.get("userid"):
            # Not a member of the company (WeCom gives an openid only): never a staff member.
            raise OAuth2Error("WeCom: not a member of this company")
        userinfo = {"userid": info["userid"]}
        if info.get("user_ticket"):
            detail = self._call(
                "POST",
                "/cgi-bin/auth/getuserdetail",
                params={"access_token": token},
                json={"user_ticket": info["user_ticket"]},
            )
            if detail.get("errcode", 0) == 0:
                userinfo.update({key: detail[key] for key in ("mobile", "name") if detail.get(key)})
        return {"access_token": token, "expires_in": expires_in, "userinfo": userinfo}
