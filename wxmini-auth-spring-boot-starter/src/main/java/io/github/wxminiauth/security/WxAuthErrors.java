package io.github.wxminiauth.security;

import java.time.Duration;

import io.github.wxminiauth.wechat.WxApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The errors of the contract, one factory method each. Codes and statuses are the public contract
 * of the starter: do not change them.
 *
 * @since 0.1.0
 */
public final class WxAuthErrors {

	/** {@code invalid_request} (400). */
	public static final String INVALID_REQUEST = "invalid_request";

	/** {@code invalid_code} (401). */
	public static final String INVALID_CODE = "invalid_code";

	/** {@code user_blocked} (403). */
	public static final String USER_BLOCKED = "user_blocked";

	/** {@code rate_limited} (429). */
	public static final String RATE_LIMITED = "rate_limited";

	/** {@code wechat_unavailable} (503). */
	public static final String WECHAT_UNAVAILABLE = "wechat_unavailable";

	/** {@code server_misconfigured} (500). */
	public static final String SERVER_MISCONFIGURED = "server_misconfigured";

	/** {@code temporarily_unavailable} (503): a store the request needs did not answer. */
	public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

	/** {@code unauthorized} (401). */
	public static final String UNAUTHORIZED = "unauthorized";

	/** {@code invalid_token} (401). */
	public static final String INVALID_TOKEN = "invalid_token";

	/** {@code invalid_grant} (401). */
	public static final String INVALID_GRANT = "invalid_grant";

	/** {@code access_denied} (403). */
	public static final String ACCESS_DENIED = "access_denied";

	/** {@code method_not_allowed} (405). */
	public static final String METHOD_NOT_ALLOWED = "method_not_allowed";

	/** {@code account_disabled} (403). */
	public static final String ACCOUNT_DISABLED = "account_disabled";

	/** {@code not_found} (404). */
	public static final String NOT_FOUND = "not_found";

	private static final Duration RATE_LIMIT_RETRY_AFTER = Duration.ofSeconds(60);

	private static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

	private WxAuthErrors() {
	}

	public static WxAuthError invalidRequest(String detail) {
		return new WxAuthError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, detail, null, null);
	}

	public static WxAuthError unauthorized() {
		return new WxAuthError(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Full authentication is required", null, null);
	}

	public static WxAuthError invalidToken(String detail) {
		return new WxAuthError(HttpStatus.UNAUTHORIZED, INVALID_TOKEN, detail, null, null);
	}

	public static WxAuthError invalidGrant(String detail) {
		return new WxAuthError(HttpStatus.UNAUTHORIZED, INVALID_GRANT, detail, null, null);
	}

	public static WxAuthError accessDenied() {
		return new WxAuthError(HttpStatus.FORBIDDEN, ACCESS_DENIED, "Access is denied", null, null);
	}

	/**
	 * A method the endpoint does not take; the answer also carries {@code Allow}.
	 * @param method the request's method
	 * @return the error
	 * @since 0.2.0
	 */
	public static WxAuthError methodNotAllowed(String method) {
		return new WxAuthError(HttpStatus.METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED,
				"This endpoint does not take " + method + " requests", null, null);
	}

	/**
	 * The user is disabled: no login, no refresh.
	 * @return the error
	 * @since 0.2.0
	 */
	public static WxAuthError accountDisabled() {
		return new WxAuthError(HttpStatus.FORBIDDEN, ACCOUNT_DISABLED, "This account is disabled", null, null);
	}

	/**
	 * Nothing of the caller's at this address.
	 * @param detail what was not found
	 * @return the error
	 * @since 0.2.0
	 */
	public static WxAuthError notFound(String detail) {
		return new WxAuthError(HttpStatus.NOT_FOUND, NOT_FOUND, detail, null, null);
	}

	public static WxAuthError rateLimited(Duration retryAfter, @Nullable Integer wxErrcode) {
		return new WxAuthError(HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED, "Too many requests, try again later",
				wxErrcode, retryAfter);
	}

	public static WxAuthError temporarilyUnavailable() {
		return new WxAuthError(HttpStatus.SERVICE_UNAVAILABLE, TEMPORARILY_UNAVAILABLE,
				"The service is temporarily unavailable, try again later", null, UNAVAILABLE_RETRY_AFTER);
	}

	/**
	 * Maps a failed WeChat call to the contract's error.
	 * @param ex the failure
	 * @return the error to answer
	 */
	public static WxAuthError fromWeChat(WxApiException ex) {
		Integer errcode = ex.getErrcode();
		return switch (ex.getKind()) {
			case INVALID_CODE -> new WxAuthError(HttpStatus.UNAUTHORIZED, INVALID_CODE,
					"The code is invalid or was already used", errcode, null);
			case USER_BLOCKED -> new WxAuthError(HttpStatus.FORBIDDEN, USER_BLOCKED, "WeChat blocked this user",
					errcode, null);
			case RATE_LIMITED -> rateLimited(RATE_LIMIT_RETRY_AFTER, errcode);
			case MISCONFIGURED -> new WxAuthError(HttpStatus.INTERNAL_SERVER_ERROR, SERVER_MISCONFIGURED,
					"The server's WeChat configuration is wrong; see the server log", errcode, null);
			// Busy, unreachable, unreadable, or a token rejected even after the single retry with a
			// fresh one: all of these the client can only wait out.
			case INVALID_ACCESS_TOKEN, INVALID_SIGNATURE, UNAVAILABLE -> wechatUnavailable(errcode);
		};
	}

	private static WxAuthError wechatUnavailable(@Nullable Integer errcode) {
		return new WxAuthError(HttpStatus.SERVICE_UNAVAILABLE, WECHAT_UNAVAILABLE,
				"WeChat is unavailable, try again later", errcode, UNAVAILABLE_RETRY_AFTER);
	}

}
