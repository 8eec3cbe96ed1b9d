package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * WeChat blocked a high-risk user (40226).
 *
 * @since 0.1.0
 */
public class WxUserBlockedException extends WxApiException {

	public WxUserBlockedException(String api, @Nullable Integer errcode, String message) {
		this(api, errcode, message, null);
	}

	public WxUserBlockedException(String api, @Nullable Integer errcode, String message, @Nullable Throwable cause) {
		super(api, errcode, message, cause);
	}

	@Override
	public Kind getKind() {
		return Kind.USER_BLOCKED;
	}

}
