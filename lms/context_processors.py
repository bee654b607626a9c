from org.selectors import user_role


def role(request):
    user = getattr(request, "user", None)
    return {"user_role": user_role(user) if user is not None else None}
