from django.middleware.csp import ContentSecurityPolicyMiddleware

# The Wagtail and Django admins ship inline scripts and styles of their own; they are for staff
# who author content, and keep Django's other protections. Every trainee page gets the policy.
CSP_EXEMPT_PREFIXES = ("/admin/", "/django-admin/")


class TraineePagesCSPMiddleware(ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(CSP_EXEMPT_PREFIXES):
            response._csp_config = {}
            response._csp_ro_config = {}
        return super().process_response(request, response)
