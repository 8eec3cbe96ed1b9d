package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * WeChat could not answer: busy (-1) after bounded retries, a timeout, a connection failure, an HTTP error status, an unreadable reply or an errcode this client does not know.
 *
 * @since 0.1.0
 */
public class WxUnavailableException extends WxApiException {

	public WxUnavailableException(String api, @Nullable Integer errcode, String message) {
		this(api, errcode, message, null);
	}

	public WxUnavailableException(String api, @Nullable Integer errcode, String message, @Nullable Throwable cause) {
		super(api, errcode, message, cause);
	}

	@Override
	public Kind getKind() {
		return Kind.UNAVAILABLE;
	}

}
