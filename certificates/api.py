"""/api/v1/certificates/: the verification API for employers (no login; rate-limited per IP)."""

from django.http import HttpRequest, JsonResponse
from ninja import Router

from certificates.ratelimit import verify_rate_limit_retry_after
from certificates.selectors import certificate_verification

router = Router(tags=["certificates"])


@router.get("/verify/{code}", auth=None, summary="Verify a certificate code")
def verify(request: HttpRequest, code: str):
    """The holder's masked name, the achievement, dates and live status (valid, expiring, expired,
    revoked, withdrawn). 404 with {"found": false} for an unknown code; 429 with Retry-After."""
    retry_after = verify_rate_limit_retry_after(request)
    if retry_after:
        response = JsonResponse({"detail": "Too many requests"}, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    verification = certificate_verification(code=code)
    return JsonResponse(verification.as_dict(), status=200 if verification.found else 404)
