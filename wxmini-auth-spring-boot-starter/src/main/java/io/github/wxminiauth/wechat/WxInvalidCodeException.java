package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * The code was invalid or already used (40029, 40163). Often an AppID mismatch between the mini program and the server.
 *
 * @since 0.1.0
 */
public class WxInvalidCodeException extends WxApiException {

	public WxInvalidCodeException(String api, @Nullable Integer errcode, String message) {
		this(api, errcode, message, null);
	}

	public WxInvalidCodeException(String api, @Nullable Integer errcode, String message, @Nullable Throwable cause) {
		super(api, errcode, message, cause);
	}

	@Override
	public Kind getKind() {
		return Kind.INVALID_CODE;
	}

}
