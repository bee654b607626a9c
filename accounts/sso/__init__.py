"""Company single sign-on through django-allauth: WeCom (企业微信, our provider in `wecom`), DingTalk
(钉钉, allauth's) and any OpenID Connect identity provider (allauth's). A company identity signs
in only the staff member the roster names (`linking`); nobody is ever created by a sign-on."""
