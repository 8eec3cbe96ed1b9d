package io.github.wxminiauth.wxjava.autoconfigure;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.bean.WxMaSubscribeMessage;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.wxjava.SharedTokenWxMaService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two instances on one Redis, with WireMock as WeChat: WxJava's calls and the starter's phone
 * binding, on either instance, use one stable token, fetched once.
 */
class WxJavaSharedTokenIntegrationTests {

	private static final String TOKEN = "shared-stable-token-1";

	private final WeChat wechat = new WeChat();

	private final Instances instances = new Instances(this.wechat);

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeEach
	void startInstances() {
		this.wechat.issuesTokens(TOKEN, "a-second-token-that-must-not-be-fetched");
		this.a = this.instances.start();
		this.b = this.instances.start();
	}

	@AfterEach
	void stop() {
		this.instances.close();
		this.wechat.close();
	}

	@Test
	void eachInstanceGetsAWxMaServiceOnTheSharedToken() {
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { this.a, this.b }) {
			WxMaService service = instance.getBean(WxMaService.class);
			assertThat(service).isInstanceOf(SharedTokenWxMaService.class);
			assertThat(service.getWxMaConfig().getAppid()).isEqualTo(WeChat.APP_ID);
			assertThat(service.getWxMaConfig().getApiHostUrl()).isEqualTo(this.wechat.baseUrl());
		}
		assertThat(this.wechat.stableTokenCalls()).as("nothing is fetched at start-up").isZero();
	}

	@Test
	void wxJavaCallsAndPhoneBindingOnBothInstancesMakeOneStableTokenCall() throws Exception {
		this.wechat.wxaCode(TOKEN);
		this.wechat.subscribeMessage(TOKEN);
		this.wechat.login("code-a", "openid-a");
		this.wechat.login("code-b", "openid-b");
		this.wechat.phone(TOKEN, "phone-code-a", "13800138000");
		this.wechat.phone(TOKEN, "phone-code-b", "13900139000");

		byte[] code = this.a.getBean(WxMaService.class)
			.getQrcodeService()
			.createWxaCodeUnlimitBytes("scene-1", null, false, "release", 430, false, null, false);
		this.b.getBean(WxMaService.class)
			.getMsgService()
			.sendSubscribeMsg(WxMaSubscribeMessage.builder()
				.toUser("openid-b")
				.templateId("template-1")
				.build()
				.addData(new WxMaSubscribeMessage.MsgData("thing1", "hello")));
		String phoneOnB = this.instances.loginAndBindPhone(this.b, "code-b", "phone-code-b");
		String phoneOnA = this.instances.loginAndBindPhone(this.a, "code-a", "phone-code-a");
		byte[] codeOnB = this.b.getBean(WxMaService.class)
			.getQrcodeService()
			.createWxaCodeUnlimitBytes("scene-2", null, false, "release", 430, false, null, false);

		assertThat(code).isEqualTo(WeChat.PNG);
		assertThat(codeOnB).isEqualTo(WeChat.PNG);
		assertThat(phoneOnA).isEqualTo("13800138000");
		assertThat(phoneOnB).isEqualTo("13900139000");
		assertThat(this.wechat.calls(WeChat.WXA_CODE, TOKEN)).isEqualTo(2);
		assertThat(this.wechat.calls(WeChat.SUBSCRIBE_SEND, TOKEN)).isEqualTo(1);
		assertThat(this.wechat.calls(WeChat.PHONE, TOKEN)).isEqualTo(2);
		assertThat(this.wechat.stableTokenCalls()).isEqualTo(1);
	}

	@Test
	void aForcedRefreshReadsTheSharedTokenInsteadOfFetchingOne() throws Exception {
		String onA = this.a.getBean(AccessTokenProvider.class).getAccessToken(WeChat.APP_ID).value();

		String forcedOnB = this.b.getBean(WxMaService.class).getAccessToken(true);

		assertThat(onA).isEqualTo(TOKEN);
		assertThat(forcedOnB).isEqualTo(TOKEN);
		assertThat(this.wechat.stableTokenCalls()).isEqualTo(1);
	}

	@Test
	void wxJavaCannotStoreATokenOfItsOwn() {
		WxMaService service = this.a.getBean(WxMaService.class);

		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> service.getWxMaConfig().updateAccessToken("a-token-from-elsewhere", 7200))
			.withMessageContaining("AccessTokenProvider");
		assertThat(this.b.getBean(AccessTokenProvider.class).getAccessToken(WeChat.APP_ID).value()).isEqualTo(TOKEN);
	}

}
