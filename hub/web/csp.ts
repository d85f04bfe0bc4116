/** The renderer's security headers live in core/web/csp.ts, shared with a workstation's first-run page. */
export { contentSecurityPolicy, securityHeaders } from '../../core/web/csp';
