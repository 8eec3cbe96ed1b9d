/**
 * What an application sets about the starter's endpoints: their paths ({@link
 * io.github.wxminiauth.security.web.WxMiniEndpoints}), the JWK Set endpoint, request-body limits,
 * and the shape of every error body ({@link io.github.wxminiauth.security.web.WxErrorResponseWriter}).
 * <p>
 * API: every public type here. The filters, handlers and entry point that answer the endpoints
 * are in {@code security.web.internal}.
 */
@NullMarked
package io.github.wxminiauth.security.web;

import org.jspecify.annotations.NullMarked;
