/**
 * Internal: the servlet filters of the starter's endpoints and bearer tokens, the login's
 * success and failure handlers, the entry point and access-denied handler, the request reader and
 * the problem writer. Public only for the configurer and the auto-configuration; may change in any
 * release without notice. An application replaces the handlers and the entry point through {@code
 * WxMiniConfigurer} with implementations of Spring Security's interfaces.
 */
@NullMarked
package io.github.wxminiauth.security.web.internal;

import org.jspecify.annotations.NullMarked;
