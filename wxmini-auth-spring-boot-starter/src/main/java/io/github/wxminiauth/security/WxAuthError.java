package io.github.wxminiauth.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * An error answered to a mini program, as an RFC 9457 problem with the stable machine code
 * {@code error} and, when WeChat produced it, {@code wx_errcode}. Create them with
 * {@link WxAuthErrors}.
 *
 * @param status the HTTP status
 * @param code the stable machine code, e.g. {@code invalid_code}
 * @param detail a human-readable explanation; never contains a secret
 * @param wxErrcode WeChat's errcode, when WeChat produced the error
 * @param retryAfter when the client may try again ({@code Retry-After}), for 429 and 503
 * @since 0.1.0
 */
public record WxAuthError(HttpStatus status, String code, String detail, @Nullable Integer wxErrcode,
		@Nullable Duration retryAfter) {

	public WxAuthError {
		Assert.notNull(status, "status must not be null");
		Assert.hasText(code, "code must not be empty");
		Assert.hasText(detail, "detail must not be empty");
	}

}
