/**
 * Spring Boot Actuator support: the health of the WeChat access tokens, without ever showing one.
 * <p>
 * API: {@link io.github.wxminiauth.actuate.WxMiniAccessTokenHealthIndicator}, as Spring Boot's
 * own health indicators are, for an application that registers or wraps it itself.
 */
@NullMarked
package io.github.wxminiauth.actuate;

import org.jspecify.annotations.NullMarked;
