package io.github.wxminiauth.wechat;

import org.springframework.util.Assert;

/**
 * One mini program this backend serves: its AppID and AppSecret.
 *
 * @param name the configuration name ({@code default} for the single-app setup, otherwise the key
 * under {@code wxmini.apps})
 * @param appId the AppID ({@code wx…})
 * @param appSecret the AppSecret; never printed, see {@link #toString()}
 * @since 0.1.0
 */
public record WxApp(String name, String appId, String appSecret) {

	public WxApp {
		Assert.hasText(name, "name must not be empty");
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(appSecret, "appSecret must not be empty");
	}

	@Override
	public String toString() {
		// The secret must never reach a log line, so the generated toString is replaced.
		return "WxApp[name=" + this.name + ", appId=" + this.appId + ", appSecret=******]";
	}

}
