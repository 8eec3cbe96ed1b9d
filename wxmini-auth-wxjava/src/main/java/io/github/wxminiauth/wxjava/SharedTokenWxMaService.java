package io.github.wxminiauth.wxjava;

import java.util.function.Function;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.api.impl.WxMaServiceImpl;
import cn.binarywang.wx.miniapp.config.WxMaConfig;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxAppRegistry;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * WxJava's {@code WxMaService} (on its Apache HttpClient) with the access tokens of
 * {@link SharedTokenWxMaConfig}: every call WxJava makes uses the token of wxmini-auth's
 * {@link io.github.wxminiauth.accesstoken.AccessTokenProvider}, and WxJava never fetches a token
 * itself.
 * <p>
 * {@link #getAccessToken(boolean)} reads the provider's token even when asked to force a refresh:
 * a forced stable-token refresh rotates the token of every instance and is limited to 20 a day.
 * When WeChat rejects a token, WxJava expires it through the config (compare-and-expire) and
 * retries the call once, as it always does; the retry obtains the provider's new token, fetched
 * once for all callers. WxJava's own fetch methods fail, so that a token obtained behind the
 * provider's back cannot invalidate the shared one.
 * <p>
 * Every config must be a {@link SharedTokenWxMaConfig}; several apps are added and selected as
 * usual with WxJava ({@code setMultiConfigs}, {@code switchoverTo}).
 *
 * @since 0.2.0
 */
public class SharedTokenWxMaService extends WxMaServiceImpl {

	private static final Log logger = LogFactory.getLog(SharedTokenWxMaService.class);

	private volatile @Nullable WxAppRegistry apps;

	private volatile @Nullable Function<String, WxMaConfig> newConfig;

	/**
	 * Follows a registry whose apps change at runtime: {@link #switchoverTo(String)} makes the
	 * config of an app added since with {@code newConfig}, and refuses an app that is no longer
	 * served.
	 * @param apps the served apps
	 * @param newConfig makes the config of an app, given its AppID
	 */
	public void followApps(WxAppRegistry apps, Function<String, WxMaConfig> newConfig) {
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(newConfig, "newConfig must not be null");
		this.newConfig = newConfig;
		this.apps = apps;
	}

	/**
	 * Selects the app of the calling thread. When following a registry, an app added since start
	 * gets its config here, and an app no longer served is refused.
	 * @param appId the AppID
	 * @return this service
	 * @throws WxRuntimeException when the app is not served
	 */
	@Override
	public WxMaService switchoverTo(String appId) {
		WxAppRegistry registry = this.apps;
		Function<String, WxMaConfig> configs = this.newConfig;
		if (registry == null || configs == null) {
			return super.switchoverTo(appId);
		}
		if (registry.find(appId) == null) {
			throw new WxRuntimeException("No mini program with app-id " + appId + " is served");
		}
		return super.switchoverTo(appId, configs);
	}

	@Override
	public boolean switchover(String appId) {
		if (this.apps == null) {
			return super.switchover(appId);
		}
		try {
			switchoverTo(appId);
			return true;
		}
		catch (WxRuntimeException ex) {
			return false;
		}
	}

	/**
	 * Returns the provider's token for the current app. {@code forceRefresh} is ignored.
	 * @param forceRefresh ignored: the provider renews the token when it is due, and a token WeChat
	 * rejected is expired by the config
	 * @return the token value
	 * @throws WxErrorException when no token can be obtained: with WeChat's errcode, or -99 when
	 * there is none or WeChat was busy
	 */
	@Override
	public String getAccessToken(boolean forceRefresh) throws WxErrorException {
		SharedTokenWxMaConfig config = sharedConfig();
		if (forceRefresh) {
			logger.debug(LogMessage.format(
					"Not forcing a refresh of the access token of app %s: reading the shared token instead",
					config.getAppid()));
		}
		try {
			return config.getAccessToken();
		}
		catch (WxApiException ex) {
			Integer errcode = ex.getErrcode();
			// -1 (busy) would make WxJava retry the call, fetching once more each time; the starter
			// has already retried a busy WeChat, so it is reported as WxJava's own "no code" (-99).
			if (errcode == null || errcode == -1) {
				throw new WxErrorException(ex);
			}
			throw new WxErrorException(WxError.builder().errorCode(errcode).errorMsg(ex.getMessage()).build(), ex);
		}
	}

	@Override
	protected String doGetAccessTokenRequest() {
		throw fetchRefused();
	}

	@Override
	protected String doGetStableAccessTokenRequest(boolean forceRefresh) {
		throw fetchRefused();
	}

	private SharedTokenWxMaConfig sharedConfig() {
		WxMaConfig config = getWxMaConfig();
		if (config instanceof SharedTokenWxMaConfig shared) {
			return shared;
		}
		if (config == null) {
			throw new IllegalStateException(
					"No app is selected on this thread: with several apps, call switchoverTo(appId) first");
		}
		throw new IllegalStateException("SharedTokenWxMaService needs a SharedTokenWxMaConfig for every app, but app "
				+ config.getAppid() + " has a " + config.getClass().getName());
	}

	private IllegalStateException fetchRefused() {
		return new IllegalStateException("SharedTokenWxMaService does not fetch access tokens itself: they come from "
				+ "wxmini-auth's AccessTokenProvider, shared by every instance");
	}

}
