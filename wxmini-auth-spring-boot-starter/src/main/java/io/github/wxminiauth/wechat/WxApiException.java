package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * A WeChat API call failed. Subtypes say what the caller should do; {@link #getErrcode()} is
 * WeChat's own number when WeChat produced the error. Messages never contain the AppSecret, an
 * access token or a session key.
 *
 * @since 0.1.0
 */
public abstract class WxApiException extends RuntimeException {

	private final String api;

	private final @Nullable Integer errcode;

	protected WxApiException(String api, @Nullable Integer errcode, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.api = api;
		this.errcode = errcode;
	}

	/**
	 * What kind of failure this is: the one value the error answer and the metrics are chosen by.
	 * @return the kind
	 * @since 0.2.0
	 */
	public abstract Kind getKind();

	/**
	 * The API that failed, e.g. {@code code2Session}, {@code stable_token},
	 * {@code getuserphonenumber}.
	 * @return the API name
	 */
	public String getApi() {
		return this.api;
	}

	/**
	 * WeChat's errcode, or {@code null} when the failure was local (timeout, connection failure,
	 * unreadable reply).
	 * @return the errcode or {@code null}
	 */
	public @Nullable Integer getErrcode() {
		return this.errcode;
	}

	/**
	 * The kinds of WeChat failure, one per subtype.
	 *
	 * @since 0.2.0
	 */
	public enum Kind {

		/** The login or phone code is invalid or was already used ({@link WxInvalidCodeException}). */
		INVALID_CODE,

		/** WeChat blocked a high-risk user ({@link WxUserBlockedException}). */
		USER_BLOCKED,

		/** WeChat's rate limit ({@link WxRateLimitedException}). */
		RATE_LIMITED,

		/** Our credentials or IP are wrong ({@link WxMisconfiguredException}). */
		MISCONFIGURED,

		/** WeChat refused the access token ({@link WxInvalidAccessTokenException}). */
		INVALID_ACCESS_TOKEN,

		/** A signature over user data did not match ({@link WxInvalidSignatureException}). */
		INVALID_SIGNATURE,

		/** Busy, unreachable or unreadable ({@link WxUnavailableException}). */
		UNAVAILABLE

	}

}
