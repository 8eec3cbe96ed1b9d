package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * WeChat rejected a login-state signature (87009): the session key it was made with is not, or
 * no longer, the user's current one, typically because the mini program called {@code wx.login}
 * again or the session expired. The user must log in again to give the server a fresh session
 * key.
 *
 * @since 0.1.0
 */
public class WxInvalidSignatureException extends WxApiException {

	public WxInvalidSignatureException(String api, @Nullable Integer errcode, String message) {
		this(api, errcode, message, null);
	}

	public WxInvalidSignatureException(String api, @Nullable Integer errcode, String message,
			@Nullable Throwable cause) {
		super(api, errcode, message, cause);
	}

	@Override
	public Kind getKind() {
		return Kind.INVALID_SIGNATURE;
	}

}
