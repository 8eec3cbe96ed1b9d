package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * Our own configuration is wrong: invalid AppID or AppSecret, missing parameters, IP not whitelisted, or a reply for another app (40013, 40125, 41002, 41004, 41008, 40164, 40002, 43002, watermark mismatch). Details belong in the server log only.
 *
 * @since 0.1.0
 */
public class WxMisconfiguredException extends WxApiException {

	public WxMisconfiguredException(String api, @Nullable Integer errcode, String message) {
		this(api, errcode, message, null);
	}

	public WxMisconfiguredException(String api, @Nullable Integer errcode, String message, @Nullable Throwable cause) {
		super(api, errcode, message, cause);
	}

	@Override
	public Kind getKind() {
		return Kind.MISCONFIGURED;
	}

}
