package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * WeChat's frequency limit was hit (45011, or the daily quota 45009).
 *
 * @since 0.1.0
 */
public class WxRateLimitedException extends WxApiException {

	public WxRateLimitedException(String api, @Nullable Integer errcode, String message) {
		this(api, errcode, message, null);
	}

	public WxRateLimitedException(String api, @Nullable Integer errcode, String message, @Nullable Throwable cause) {
		super(api, errcode, message, cause);
	}

	@Override
	public Kind getKind() {
		return Kind.RATE_LIMITED;
	}

}
