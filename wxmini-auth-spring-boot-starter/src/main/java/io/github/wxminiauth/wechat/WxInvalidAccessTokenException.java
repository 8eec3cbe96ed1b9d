package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * WeChat rejected the access token (40001, 42001, 40014): it is invalid, expired or no longer the latest.
 *
 * @since 0.1.0
 */
public class WxInvalidAccessTokenException extends WxApiException {

	public WxInvalidAccessTokenException(String api, @Nullable Integer errcode, String message) {
		this(api, errcode, message, null);
	}

	public WxInvalidAccessTokenException(String api, @Nullable Integer errcode, String message, @Nullable Throwable cause) {
		super(api, errcode, message, cause);
	}

	@Override
	public Kind getKind() {
		return Kind.INVALID_ACCESS_TOKEN;
	}

}
