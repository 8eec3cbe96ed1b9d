package io.github.wxminiauth.wechat.internal;

import java.util.Map;

import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxInvalidSignatureException;
import io.github.wxminiauth.wechat.WxMisconfiguredException;
import io.github.wxminiauth.wechat.WxRateLimitedException;
import io.github.wxminiauth.wechat.WxUnavailableException;
import io.github.wxminiauth.wechat.WxUserBlockedException;
import org.jspecify.annotations.Nullable;

/**
 * WeChat's errcodes and what each means for the caller: the one table that turns an errcode
 * into a {@link WxApiException} subtype.
 */
final class WxErrcodes {

	/**
	 * WeChat is busy; the only errcode worth retrying.
	 */
	static final int BUSY = -1;

	/**
	 * The login-state signature was not made with the user's current session key.
	 */
	static final int INVALID_SIGNATURE = 87009;

	private static final Map<Integer, ExceptionFactory> EXCEPTIONS = Map.ofEntries(
			// The user's code is bad: they must log in again.
			Map.entry(40029, WxInvalidCodeException::new), Map.entry(40163, WxInvalidCodeException::new),
			Map.entry(40226, WxUserBlockedException::new),
			Map.entry(45011, WxRateLimitedException::new), Map.entry(45009, WxRateLimitedException::new),
			Map.entry(BUSY, WxUnavailableException::new),
			// Our own configuration is wrong: no retry helps, an operator must act.
			Map.entry(40013, WxMisconfiguredException::new), Map.entry(40125, WxMisconfiguredException::new),
			Map.entry(41002, WxMisconfiguredException::new), Map.entry(41004, WxMisconfiguredException::new),
			Map.entry(41008, WxMisconfiguredException::new), Map.entry(40164, WxMisconfiguredException::new),
			Map.entry(40002, WxMisconfiguredException::new), Map.entry(43002, WxMisconfiguredException::new),
			// The access token is stale: the caller expires it and retries once.
			Map.entry(40001, WxInvalidAccessTokenException::new), Map.entry(42001, WxInvalidAccessTokenException::new),
			Map.entry(40014, WxInvalidAccessTokenException::new),
			// The login-state signature does not match the user's current session key.
			Map.entry(INVALID_SIGNATURE, WxInvalidSignatureException::new));

	private WxErrcodes() {
	}

	/**
	 * Whether the errcode means success: WeChat's success replies carry no errcode, or 0.
	 * @param errcode the errcode or {@code null} when absent
	 * @return {@code true} for success
	 */
	static boolean isSuccess(@Nullable Integer errcode) {
		return errcode == null || errcode == 0;
	}

	/**
	 * Creates the exception for a WeChat error reply. Unknown errcodes mean WeChat could not do
	 * what was asked for a reason this client cannot act on, so they are reported as unavailable.
	 * @param api the API name
	 * @param errcode the errcode
	 * @param errmsg WeChat's errmsg, already sanitized
	 * @return the exception to throw
	 */
	static WxApiException toException(String api, int errcode, String errmsg) {
		String message = api + " failed with errcode " + errcode + (errmsg.isEmpty() ? "" : ": " + errmsg);
		return EXCEPTIONS.getOrDefault(errcode, WxUnavailableException::new).create(api, errcode, message);
	}

	@FunctionalInterface
	private interface ExceptionFactory {

		WxApiException create(String api, @Nullable Integer errcode, String message);

	}

}
